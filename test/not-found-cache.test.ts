import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, DEMO_ACCOUNT_ID } from '../src/embedded-ivs/demo-data.js';
import { startEmbeddedIvs, type EmbeddedIvs } from '../src/embedded-ivs/server.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';
import { skipWithoutRedis, startReplica, startTestRedis, type Replica, type TestRedis } from './support/redis.js';

const SESSION = `query Session($channelArn: ID!, $streamId: ID) { streamSession(channelArn: $channelArn, streamId: $streamId) { streamId } }`;
const CHANNEL = `query Channel($arn: ID!) { channel(arn: $arn) { name } }`;

/** A well-formed streamId no session has (26 characters, `st-` and letters or digits). */
const unknownStreamId = (n: number) => `st-Missing${String(n).padStart(16, '0')}`;
/** A well-formed channel ARN of the demo account that IVS does not have. */
const unknownChannel = (n: number) => `arn:aws:ivs:us-west-2:${DEMO_ACCOUNT_ID}:channel/missing${String(n).padStart(7, '0')}`;

describe('NOT_FOUND answers are cached for NOT_FOUND_CACHE_SECONDS', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ CACHE_ENABLED: 'true', NOT_FOUND_CACHE_SECONDS: '1', ALLOW_ANONYMOUS: 'true' });
  });
  afterAll(() => gw.close());

  it('answers a repeated unknown session with the same NOT_FOUND, without another IVS call, until the seconds pass', async () => {
    gw.ivs.resetCalls();
    const variables = { channelArn: demo.busy.channelArn, streamId: unknownStreamId(1) };
    const first = await gw.query(SESSION, variables);
    expect(first.body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(gw.ivs.callCount('GetStreamSession')).toBe(1);
    const second = await gw.query(SESSION, variables);
    expect(second).toEqual(first);
    expect(gw.ivs.callCount('GetStreamSession')).toBe(1);
    // Another unknown id is another answer.
    await gw.query(SESSION, { ...variables, streamId: unknownStreamId(2) });
    expect(gw.ivs.callCount('GetStreamSession')).toBe(2);
    // Past NOT_FOUND_CACHE_SECONDS, IVS is asked again.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const third = await gw.query(SESSION, variables);
    // A new answer from IVS: the same error, under IVS's new request id.
    const withoutRequestId = (answer: typeof first) =>
      JSON.parse(JSON.stringify(answer, (key, value: unknown) => (key === 'ivsRequestId' ? undefined : value))) as unknown;
    expect(withoutRequestId(third)).toEqual(withoutRequestId(first));
    expect(gw.ivs.callCount('GetStreamSession')).toBe(3);
  });

  it('caches an unknown channel of a BatchGetChannel the same way, apart from the channels that exist', async () => {
    gw.ivs.resetCalls();
    const first = await gw.query(CHANNEL, { arn: unknownChannel(1) });
    expect(first.body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    const second = await gw.query(CHANNEL, { arn: unknownChannel(1) });
    expect(second).toEqual(first);
    expect(gw.ivs.callCount('BatchGetChannel')).toBe(1);
    const both = await gw.query(`{ a: channel(arn: "${unknownChannel(1)}") { name } b: channel(arn: "${demo.busy.channelArn}") { name } }`);
    expect(both.body.data?.b).toBeTruthy();
    expect(both.body.errors?.map((e) => [e.path, e.message, e.extensions])).toEqual([
      [['a'], first.body.errors![0]!.message, first.body.errors![0]!.extensions],
    ]);
    // Only the existing channel went to IVS.
    expect(gw.ivs.callCount('BatchGetChannel')).toBe(2);
  });

  it('with NOT_FOUND_CACHE_SECONDS=0, asks IVS every time', async () => {
    const uncached = await startTestGateway({ CACHE_ENABLED: 'true', NOT_FOUND_CACHE_SECONDS: '0', ALLOW_ANONYMOUS: 'true' });
    try {
      const variables = { channelArn: demo.busy.channelArn, streamId: unknownStreamId(3) };
      await uncached.query(SESSION, variables);
      await uncached.query(SESSION, variables);
      expect(uncached.ivs.callCount('GetStreamSession')).toBe(2);
    } finally {
      await uncached.close();
    }
  });
});

describe.skipIf(skipWithoutRedis('the NOT_FOUND cache test with Redis'))('NOT_FOUND answers shared through Redis', () => {
  let redis: TestRedis;
  let ivs: EmbeddedIvs;
  let replicas: Replica[];
  beforeAll(async () => {
    redis = await startTestRedis();
    ivs = await startEmbeddedIvs();
    const env = { REDIS_URL: redis.url, CACHE_ENABLED: 'true', NOT_FOUND_CACHE_SECONDS: '5', ALLOW_ANONYMOUS: 'true' };
    replicas = await Promise.all([startReplica(ivs.url, env), startReplica(ivs.url, env)]);
  });
  afterAll(async () => {
    await Promise.all((replicas ?? []).map((r) => r.close()));
    await ivs?.close();
    await redis?.stop();
  });

  it("serves another replica's NOT_FOUND from Redis, the same error, without an IVS call", async () => {
    const variables = { channelArn: demo.busy.channelArn, streamId: unknownStreamId(4) };
    const first = await replicas[0]!.query(SESSION, variables);
    expect(first.body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    // The Redis write is not awaited by the request: give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await replicas[1]!.query(SESSION, variables);
    expect(second).toEqual(first);
    expect(ivs.callCount('GetStreamSession')).toBe(1);
  });
});
