import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoData, demo, type DemoSession } from '../src/embedded-ivs/demo-data.js';
import { startEmbeddedIvs, type EmbeddedIvs } from '../src/embedded-ivs/server.js';
import type { GraphQLResponse } from './support/gateway.js';
import { skipWithoutRedis, startProcessReplica, startReplica, startTestRedis, type Replica, type TestRedis } from './support/redis.js';

const SECONDS = 10;
const PER_SECOND = 50;
const SESSION = `query Session($channelArn: ID!, $streamId: ID) { streamSession(channelArn: $channelArn, streamId: $streamId) { streamId } }`;

/**
 * The scale-out check: two gateway replicas (one in this process, one in a process of its own,
 * each with its own in-process caches and limiter) sharing one real Redis, driven for 10 seconds at 50 requests per
 * second for distinct sessions of one region, make at most 5 GetStreamSession calls per second
 * between them, as counted by the embedded IVS in its own wall-clock seconds, and answer every
 * request with the session or with THROTTLED.
 */
describe.skipIf(skipWithoutRedis('the scale-out test'))('two replicas sharing Redis under load', () => {
  let redis: TestRedis;
  let ivs: EmbeddedIvs;
  let replicas: Replica[];
  let sessions: DemoSession[];
  beforeAll(async () => {
    redis = await startTestRedis();
    const data = createDemoData();
    // 500 distinct ended sessions on one us-west-2 channel: copies of its real ones under new ids.
    const busy = data.channels.find((c) => c.channel.arn === demo.busy.channelArn)!;
    const template = busy.sessions[1]!;
    sessions = Array.from({ length: SECONDS * PER_SECOND }, (_, i) => ({
      ...template,
      streamId: `st-Scale${String(i).padStart(18, '0')}`,
    }));
    busy.sessions.push(...sessions);
    ivs = await startEmbeddedIvs({ data });
    const env = {
      REDIS_URL: redis.url,
      CACHE_ENABLED: 'true',
      LIMITER_ENABLED: 'true',
      LIMITER_MAX_WAIT_MS: '1000',
      ALLOW_ANONYMOUS: 'true',
      // One (anonymous) caller uses the whole quota here: no fair share (test/quota-share.test.ts has that).
      QUOTA_SHARE: '1',
    };
    // One replica in this process, one in a process of its own: they share nothing but Redis and IVS.
    replicas = await Promise.all([startReplica(ivs.url, env), startProcessReplica(ivs.url, env)]);
    // Warm region clients and Redis connections (another operation's quota): a cold start on a loaded
    // machine can delay a call admitted in one second until IVS sees it in the next.
    await Promise.all(replicas.map((r) => r.query(`{ channel(arn: "${demo.busy.channelArn}") { name } }`)));
  });
  afterAll(async () => {
    await Promise.all((replicas ?? []).map((r) => r.close()));
    await ivs?.close();
    await redis?.stop();
  });

  it(
    `keeps ${PER_SECOND} requests per second for ${SECONDS} s within 5 GetStreamSession calls per second, answering each with data or THROTTLED`,
    { timeout: 60_000 },
    async () => {
      ivs.resetCalls();
      const pending: Array<Promise<{ session: DemoSession; answer: GraphQLResponse }>> = [];
      await new Promise<void>((done) => {
        let sent = 0;
        const timer = setInterval(() => {
          const session = sessions[sent]!;
          const replica = replicas[sent % 2]!;
          pending.push(
            replica
              .query(SESSION, { channelArn: demo.busy.channelArn, streamId: session.streamId })
              .then((answer) => ({ session, answer })),
          );
          sent += 1;
          if (sent === sessions.length) {
            clearInterval(timer);
            done();
          }
        }, 1000 / PER_SECOND);
      });
      const results = await Promise.all(pending);

      let served = 0;
      for (const { session, answer } of results) {
        expect(answer.status).toBe(200);
        const streamId = (answer.body.data?.streamSession as { streamId?: string } | null)?.streamId;
        if (streamId !== undefined) {
          expect(streamId).toBe(session.streamId);
          expect(answer.body.errors).toBeUndefined();
          served += 1;
        } else {
          expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['THROTTLED']);
        }
      }
      const calls = ivs.calls.filter((c) => c.operation === 'GetStreamSession');
      expect(calls).toHaveLength(served);
      const perSecond = new Map<number, number>();
      for (const call of calls) perSecond.set(Math.floor(call.at / 1000), (perSecond.get(Math.floor(call.at / 1000)) ?? 0) + 1);
      // No allowance for a first-second burst is needed: every call is admitted within its own second.
      for (const [second, n] of perSecond) expect({ second, n }).toEqual({ second, n: Math.min(n, 5) });
      // The quota is used, not just respected: nearly every second of the run had its 5 calls.
      expect(served).toBeGreaterThanOrEqual(5 * (SECONDS - 1));
    },
  );
});
