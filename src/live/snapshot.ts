import type { StreamModel } from '../ivs/models.js';

/** The live streams of one region at one poll, by channel ARN. */
export type LiveSnapshot = ReadonlyMap<string, StreamModel>;

export type StreamChangeKind = 'WENT_LIVE' | 'WENT_OFFLINE' | 'HEALTH_CHANGED' | 'VIEWER_COUNT_CHANGED';

export interface StreamChange {
  channelArn: string;
  kinds: StreamChangeKind[];
  /** The stream now, or null when the channel went offline. */
  stream: StreamModel | null;
}

/**
 * What changed for each channel since the last reported state. A viewer-count change counts only when
 * it moves by at least `viewerThreshold` from the count last reported (IVS's count is approximate), so
 * a slow drift is reported once it adds up. `reported` is the new baseline to diff the next poll with.
 */
export function diffSnapshots(
  reported: LiveSnapshot,
  next: LiveSnapshot,
  viewerThreshold: number,
): { changes: StreamChange[]; reported: LiveSnapshot } {
  const changes: StreamChange[] = [];
  const baseline = new Map<string, StreamModel>();
  for (const [channelArn, stream] of next) {
    const before = reported.get(channelArn);
    const kinds: StreamChangeKind[] = [];
    if (!before || before.streamId !== stream.streamId) kinds.push('WENT_LIVE');
    else {
      if (before.health !== stream.health) kinds.push('HEALTH_CHANGED');
      if (Math.abs((stream.viewerCount ?? 0) - (before.viewerCount ?? 0)) >= viewerThreshold) kinds.push('VIEWER_COUNT_CHANGED');
    }
    if (kinds.length > 0) changes.push({ channelArn, kinds, stream });
    // An unreported viewer drift keeps the last reported count as the baseline.
    baseline.set(
      channelArn,
      before && !kinds.includes('VIEWER_COUNT_CHANGED') && kinds.length === 0 ? { ...stream, viewerCount: before.viewerCount } : stream,
    );
  }
  for (const channelArn of reported.keys()) {
    if (!next.has(channelArn)) changes.push({ channelArn, kinds: ['WENT_OFFLINE'], stream: null });
  }
  return { changes, reported: baseline };
}
