import { createHash } from 'node:crypto';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoData, demo, DEMO_SRT_PASSPHRASE } from '../src/embedded-ivs/demo-data.js';
import { startEmbeddedIvs, type EmbeddedIvs } from '../src/embedded-ivs/server.js';
import { API_KEYS, KEYS } from './support/credentials.js';
import { skipWithoutRedis, startProcessReplica, startReplica, startTestRedis, type Replica, type TestRedis } from './support/redis.js';

const SESSION = `query Session($channelArn: ID!, $streamId: ID) { streamSession(channelArn: $channelArn, streamId: $streamId) { streamId endTime channel { name } } }`;
const PASSPHRASE = `query Srt($channelArn: ID!, $streamId: ID) { streamSession(channelArn: $channelArn, streamId: $streamId) { channel { srt { passphrase } } } }`;

/**
 * Two gateway replicas (two apps in this process, each with its own in-process caches, limiter and
 * Redis connections) sharing one real redis-server and one embedded IVS.
 */
describe.skipIf(skipWithoutRedis('the Redis tests'))('two replicas sharing Redis', () => {
  let redis: TestRedis;
  let ivs: EmbeddedIvs;
  let a: Replica;
  let b: Replica;
  beforeAll(async () => {
    redis = await startTestRedis();
    ivs = await startEmbeddedIvs({ data: createDemoData() });
    const env = { REDIS_URL: redis.url, CACHE_ENABLED: 'true', LIMITER_ENABLED: 'true', API_KEYS, ALLOW_ANONYMOUS: 'true' };
    // One replica in this process, one in a process of its own: they share nothing but Redis and IVS.
    [a, b] = await Promise.all([startReplica(ivs.url, env), startProcessReplica(ivs.url, env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await ivs?.close();
    await redis?.stop();
  });

  it('serve an ended session with one IVS call between them', async () => {
    ivs.resetCalls();
    const first = await a.query(SESSION, demo.events500);
    const second = await b.query(SESSION, demo.events500);
    expect(first.body.errors).toBeUndefined();
    expect(second.body).toEqual(first.body);
    expect(ivs.callCount('GetStreamSession')).toBe(1);
    // And from then on from memory on both.
    await Promise.all([a.query(SESSION, demo.events500), b.query(SESSION, demo.events500)]);
    expect(ivs.callCount()).toBe(1);
  });

  it('never store a stream secret in Redis, yet answer every principal as IVS would', async () => {
    ivs.resetCalls();
    await a.query(SESSION, demo.fullest); // cached in Redis by replica a
    const anonymous = await b.query(PASSPHRASE, demo.fullest); // from Redis
    expect(anonymous.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'ingest:secrets' });
    expect(ivs.callCount()).toBe(1);
    const ops = await b.query(PASSPHRASE, demo.fullest, { 'x-api-key': KEYS.ops }); // may read secrets: not from Redis
    expect(ops.body).toEqual({ data: { streamSession: { channel: { srt: { passphrase: DEMO_SRT_PASSPHRASE } } } } });
    expect(ivs.callCount()).toBe(2);

    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const keys = await client.keys('*');
      expect(keys.some((key) => key.includes(demo.fullest.streamId))).toBe(true);
      for (const key of keys) {
        const type = await client.type(key);
        if (type === 'string') expect(await client.get(key)).not.toContain(DEMO_SRT_PASSPHRASE);
      }
    } finally {
      await client.close();
    }
  });

  it('share automatic persisted queries', async () => {
    const query = `query Persisted($channelArn: ID!) { streamSession(channelArn: $channelArn) { streamId } }`;
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };
    const variables = { channelArn: demo.euLive.channelArn };
    const unknown = await b.post({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await a.post({ query, variables, extensions: { persistedQuery } });
    expect(registered.body.data).toEqual({ streamSession: { streamId: demo.euLive.streamId } });
    const byHash = await b.post({ variables, extensions: { persistedQuery } });
    expect(byHash.body).toEqual(registered.body);
  });

  it('share the IVS quota buckets', async () => {
    // LIMITER_MAX_WAIT_MS is 1000 on both: of 12 distinct GetStream calls at once, at most 5 per second reach IVS.
    ivs.resetCalls();
    const fleet = ivs.data.channels
      .filter((c) => c.channel.arn.includes(':us-west-2:') && c.channel.name?.startsWith('fleet-'))
      .slice(0, 12);
    const ask = (replica: Replica, arns: string[]) =>
      replica.query(`{ ${arns.map((arn, i) => `c${i}: channel(arn: "${arn}") { stream { state } }`).join(' ')} }`);
    const arns = fleet.map((c) => c.channel.arn);
    const answers = await Promise.all([ask(a, arns.slice(0, 6)), ask(b, arns.slice(6))]);
    const throttled = answers.flatMap((r) => r.body.errors ?? []).filter((e) => e.extensions?.code === 'THROTTLED').length;
    const calls = ivs.calls.filter((c) => c.operation === 'GetStream');
    expect(calls.length + throttled).toBe(12);
    const perSecond = new Map<number, number>();
    for (const call of calls) perSecond.set(Math.floor(call.at / 1000), (perSecond.get(Math.floor(call.at / 1000)) ?? 0) + 1);
    for (const n of perSecond.values()) expect(n).toBeLessThanOrEqual(5);
    expect(throttled).toBeGreaterThanOrEqual(2);
  });

  it('keep answering when Redis goes away, with a warning in the log', async () => {
    await redis.stop('SIGKILL');
    ivs.resetCalls();
    const answers = await Promise.all([
      a.query(SESSION, demo.events500), // in process
      b.query(SESSION, demo.advancedHd), // never cached: IVS
      a.query(SESSION, { channelArn: demo.busy.channelArn }),
      b.query(`query { channel(arn: "${demo.basic.channelArn}") { name stream { state } } }`),
    ]);
    for (const { status, body } of answers) {
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
    }
    // Persisted queries fall back to a miss: the client sends the query again and is served.
    const query = `query Again { streamSession(channelArn: "${demo.basic.channelArn}") { streamId } }`;
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };
    const registered = await b.post({ query, extensions: { persistedQuery } });
    expect(registered.body.errors).toBeUndefined();
    const warnings = [...a.logs, ...b.logs].filter((l) => l.level === 40 && /Redis/.test(String(l.msg)));
    expect(warnings.length).toBeGreaterThanOrEqual(1);
  });
});
