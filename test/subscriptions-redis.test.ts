import { createClient as createWsClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demo } from '../src/embedded-ivs/demo-data.js';
import { startEmbeddedIvs, type EmbeddedIvs } from '../src/embedded-ivs/server.js';
import { setLiveState } from '../src/embedded-ivs/timeline.js';
import { skipWithoutRedis, startProcessReplica, startReplica, startTestRedis, type Replica, type TestRedis } from './support/redis.js';

const INTERVAL_MS = 250;
const LEASE_MS = 1500;
const STREAM_CHANGED = `subscription($arn: ID!) { streamChanged(channelArn: $arn) { changes stream { health viewerCount } } }`;

type Update = { changes: string[]; stream: { health: string; viewerCount: number } | null };

function subscribe(url: string) {
  // A killed replica's socket just closes: no retries, and no unhandled error for it.
  const client: Client = createWsClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
  });
  const messages: Update[] = [];
  client.subscribe<{ streamChanged: Update }>(
    { query: STREAM_CHANGED, variables: { arn: demo.euLive.channelArn } },
    { next: (m) => m.data && messages.push(m.data.streamChanged), error: () => undefined, complete: () => undefined },
  );
  return { client, messages };
}

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(skipWithoutRedis('the live-poller election test'))('replicas sharing Redis elect one poller per region', () => {
  let redis: TestRedis;
  let ivs: EmbeddedIvs;
  let leader: Replica & { kill(): void };
  let survivor: Replica;
  beforeAll(async () => {
    redis = await startTestRedis();
    ivs = await startEmbeddedIvs();
    const env = {
      REDIS_URL: redis.url,
      LIVE_POLL_INTERVAL_MS: String(INTERVAL_MS),
      LIVE_LEASE_MS: String(LEASE_MS),
      ALLOW_ANONYMOUS: 'true',
      CACHE_ENABLED: 'false',
      LIMITER_ENABLED: 'false',
    };
    leader = await startProcessReplica(ivs.url, env);
    survivor = await startReplica(ivs.url, env);
  }, 30_000);
  afterAll(async () => {
    leader?.kill();
    await survivor?.close();
    await ivs?.close();
    await redis?.stop();
  });

  it('polls once for both replicas, and a killed leader is replaced within its lease without losing an update', async () => {
    // The process subscribes first and takes the lease; the in-process replica follows it.
    const onLeader = subscribe(leader.url);
    await until(() => onLeader.messages.length === 1, 'the first message on the leader');
    const onSurvivor = subscribe(survivor.url);
    await until(() => onSurvivor.messages.length === 1, 'the first message on the survivor');

    // Both replicas subscribed: the ListStreams calls are those of one poller.
    ivs.resetCalls();
    const windowMs = 10 * INTERVAL_MS;
    await new Promise((r) => setTimeout(r, windowMs));
    const calls = ivs.callCount('ListStreams', (c) => c.region === 'eu-west-1');
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(windowMs / INTERVAL_MS + 2);

    setLiveState(ivs.data, demo.euLive.channelArn, { health: 'STARVING' });
    await until(() => onSurvivor.messages.length === 2 && onLeader.messages.length === 2, 'the change on both replicas');

    // Kill the leader as a crash would (no lease release); change the stream at once.
    leader.kill();
    setLiveState(ivs.data, demo.euLive.channelArn, { health: 'HEALTHY' });
    // The lease expires after LEASE_MS; allow a few more for a loaded machine.
    await until(() => onSurvivor.messages.length === 3, 'the survivor to take over and report the change', LEASE_MS * 4);
    expect(onSurvivor.messages.map((m) => [m.changes, m.stream?.health])).toEqual([
      [['CURRENT'], 'HEALTHY'],
      [['HEALTH_CHANGED'], 'STARVING'],
      [['HEALTH_CHANGED'], 'HEALTHY'],
    ]);
    await onSurvivor.client.dispose();
    await Promise.resolve(onLeader.client.dispose()).catch(() => undefined);
  }, 30_000);
});
