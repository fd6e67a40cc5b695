import { createDemoData, demo, demoSession, type DemoSession } from '../src/embedded-ivs/demo-data.js';

/** The two sessions the benchmark reads: the demo's fullest session cut to 20 events, and the 500-event one. */
export interface BenchSession {
  events: number;
  channelArn: string;
  streamId: string;
  /** The session exactly as IVS puts it under `streamSession`. */
  wire: DemoSession;
}

export function benchSessions(): BenchSession[] {
  const data = createDemoData();
  const small = demoSession(demo.fullest, data);
  const big = demoSession(demo.events500, data);
  return [
    {
      events: 20,
      channelArn: demo.fullest.channelArn,
      streamId: demo.fullest.streamId,
      wire: { ...small, truncatedEvents: small.truncatedEvents!.slice(0, 20) },
    },
    { events: 500, channelArn: demo.events500.channelArn, streamId: demo.events500.streamId, wire: big },
  ];
}

/** The operation every side answers: the main fields and the event list. */
export const BENCH_QUERY = `query Session($channelArn: ID!, $streamId: ID) {
  streamSession(channelArn: $channelArn, streamId: $streamId) {
    channelArn streamId startTime endTime
    channel { arn name type latencyMode playbackUrl }
    truncatedEvents { eventTime type name code }
  }
}`;
