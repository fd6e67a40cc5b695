import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoData, demo, type DemoData, type DemoSession } from '../src/embedded-ivs/demo-data.js';
import { startEmbeddedIvs, type EmbeddedIvs } from '../src/embedded-ivs/server.js';
import { createIssuer, jwtEnv, KEYS, sha256 } from './support/credentials.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from './support/gateway.js';
import { skipWithoutRedis, startProcessReplica, startReplica, startTestRedis, type Replica, type TestRedis } from './support/redis.js';

const SECONDS = 10;
const A_PER_SECOND = 50;
const B_PER_SECOND = 2;
const SESSION = `query Session($channelArn: ID!, $streamId: ID) { streamSession(channelArn: $channelArn, streamId: $streamId) { streamId } }`;

/** Two API keys, `a` (the busy caller) and `b` (the quiet one), with the same grants. */
const API_KEYS = JSON.stringify([
  { id: 'a', sha256: sha256(KEYS.reader), scopes: ['sessions:read'] },
  { id: 'b', sha256: sha256(KEYS.ops), scopes: ['sessions:read'] },
]);
const A = { 'x-api-key': KEYS.reader };
const B = { 'x-api-key': KEYS.ops };
const ENV = {
  API_KEYS,
  ALLOW_ANONYMOUS: 'false',
  CACHE_ENABLED: 'true',
  LIMITER_ENABLED: 'true',
  LIMITER_MAX_WAIT_MS: '1000',
  // The default, written out: 3 of GetStreamSession's 5 per second for any one caller.
  QUOTA_SHARE: '0.6',
};

type Query = (query: string, variables?: object, headers?: Record<string, string>) => Promise<GraphQLResponse>;

/** Demo data with distinct ended sessions on one us-west-2 channel for each caller: none is ever cached for another. */
function loadData(): { data: DemoData; a: DemoSession[]; b: DemoSession[] } {
  const data = createDemoData();
  const busy = data.channels.find((c) => c.channel.arn === demo.busy.channelArn)!;
  const template = busy.sessions[1]!;
  const copies = (tag: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({ ...template, streamId: `st-Share${tag}${String(i).padStart(17, '0')}` }));
  const a = copies('A', SECONDS * A_PER_SECOND);
  const b = copies('B', SECONDS * B_PER_SECOND);
  busy.sessions.push(...a, ...b);
  return { data, a, b };
}

/**
 * The check: caller A sends 50 requests per second for distinct sessions for 10 s while B sends
 * 2 per second; `gateways` take turns. B's requests go out at a quarter and three quarters of each
 * wall-clock second (scheduled from the clock, not a drifting interval), so however late one is
 * answered it stays in its own second and B never needs more than its 2 slots of one.
 */
async function drive(gateways: Query[], ivs: EmbeddedIvs, sessions: { a: DemoSession[]; b: DemoSession[] }) {
  const ask = (i: number, session: DemoSession, headers: Record<string, string>) =>
    gateways[i % gateways.length]!(SESSION, { channelArn: demo.busy.channelArn, streamId: session.streamId }, headers).then((answer) => ({
      session,
      answer,
    }));
  ivs.resetCalls();
  const aAnswers: Array<Promise<{ session: DemoSession; answer: GraphQLResponse }>> = [];
  const bAnswers: Array<Promise<{ session: DemoSession; answer: GraphQLResponse }>> = [];
  const start = Math.ceil(Date.now() / 1000) * 1000 + 1000;
  await new Promise((resolve) => setTimeout(resolve, start - Date.now()));
  const aDone = new Promise<void>((done) => {
    let sent = 0;
    const timer = setInterval(() => {
      aAnswers.push(ask(sent, sessions.a[sent]!, A));
      sent += 1;
      if (sent === sessions.a.length) {
        clearInterval(timer);
        done();
      }
    }, 1000 / A_PER_SECOND);
  });
  const bDone = (async () => {
    for (let i = 0; i < sessions.b.length; i++) {
      const at = start + 250 + i * (1000 / B_PER_SECOND);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
      bAnswers.push(ask(i, sessions.b[i]!, B));
    }
  })();
  await Promise.all([aDone, bDone]);
  return { a: await Promise.all(aAnswers), b: await Promise.all(bAnswers) };
}

function check(results: Awaited<ReturnType<typeof drive>>, ivs: EmbeddedIvs): void {
  // Every one of B's requests is answered with its session, without errors.
  for (const { session, answer } of results.b) {
    expect({ streamId: session.streamId, status: answer.status, body: answer.body }).toEqual({
      streamId: session.streamId,
      status: 200,
      body: { data: { streamSession: { streamId: session.streamId } } },
    });
  }
  // A gets its sessions or THROTTLED, and THROTTLED for its excess, most of it for its share.
  let aServed = 0;
  const reasons = new Map<string, number>();
  for (const { session, answer } of results.a) {
    expect(answer.status).toBe(200);
    const streamId = (answer.body.data?.streamSession as { streamId?: string } | null)?.streamId;
    if (streamId !== undefined) {
      expect(streamId).toBe(session.streamId);
      aServed += 1;
    } else {
      expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['THROTTLED']);
      const reason = String((answer.body.errors![0]!.extensions?.quota as { reason?: string } | undefined)?.reason);
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  // A's share is 3 a second: over the 10 s of sending and the second after it, give or take a second.
  expect(aServed).toBeLessThanOrEqual(3 * (SECONDS + 2));
  expect(aServed).toBeGreaterThanOrEqual(3 * (SECONDS - 2));
  const refused = results.a.length - aServed;
  expect(reasons.get('share') ?? 0).toBeGreaterThanOrEqual(0.9 * refused);
  // IVS, counting in its own wall-clock seconds, never sees more than 5 GetStreamSession calls in one.
  const calls = ivs.calls.filter((c) => c.operation === 'GetStreamSession');
  expect(calls).toHaveLength(aServed + results.b.length);
  const perSecond = new Map<number, number>();
  for (const call of calls) perSecond.set(Math.floor(call.at / 1000), (perSecond.get(Math.floor(call.at / 1000)) ?? 0) + 1);
  for (const [second, n] of perSecond) expect({ second, n }).toEqual({ second, n: Math.min(n, 5) });
}

describe('a fair share of the IVS quota per caller, one gateway', () => {
  let gw: TestGateway;
  let sessions: { a: DemoSession[]; b: DemoSession[] };
  beforeAll(async () => {
    const { data, ...rest } = loadData();
    sessions = rest;
    gw = await startTestGateway(ENV, { data });
    // Warm the region client and both keys: a cold start on a loaded machine can
    // delay a call admitted in one second until IVS sees it in the next.
    await gw.query(`{ channel(arn: "${demo.busy.channelArn}") { name } }`, undefined, A);
    await gw.query(`{ channel(arn: "${demo.busy.channelArn}") { name } }`, undefined, B);
  });
  afterAll(() => gw?.close());

  it(
    `serves every request of a caller at ${B_PER_SECOND}/s while another sends ${A_PER_SECOND}/s, within 5 GetStreamSession calls a second`,
    { timeout: 60_000 },
    async () => {
      const results = await drive([(q, v, h) => gw.query(q, v, h)], gw.ivs, sessions);
      check(results, gw.ivs);
    },
  );
});

describe.skipIf(skipWithoutRedis('the fair-share test with Redis'))(
  'a fair share of the IVS quota per caller, two replicas sharing Redis',
  () => {
    let redis: TestRedis;
    let ivs: EmbeddedIvs;
    let replicas: Replica[];
    let sessions: { a: DemoSession[]; b: DemoSession[] };
    beforeAll(async () => {
      redis = await startTestRedis();
      const { data, ...rest } = loadData();
      sessions = rest;
      ivs = await startEmbeddedIvs({ data });
      const env = { ...ENV, REDIS_URL: redis.url };
      // One replica in this process, one in a process of its own: they share nothing but Redis and IVS.
      replicas = await Promise.all([startReplica(ivs.url, env), startProcessReplica(ivs.url, env)]);
      for (const replica of replicas) {
        await replica.query(`{ channel(arn: "${demo.busy.channelArn}") { name } }`, undefined, A);
        await replica.query(`{ channel(arn: "${demo.busy.channelArn}") { name } }`, undefined, B);
      }
    }, 60_000);
    afterAll(async () => {
      await Promise.all((replicas ?? []).map((r) => r.close()));
      await ivs?.close();
      await redis?.stop();
    });

    it(
      `serves every request of a caller at ${B_PER_SECOND}/s while another sends ${A_PER_SECOND}/s, within 5 GetStreamSession calls a second between them`,
      { timeout: 60_000 },
      async () => {
        const results = await drive(
          replicas.map((r) => (q: string, v?: object, h?: Record<string, string>) => r.query(q, v, h)),
          ivs,
          sessions,
        );
        check(results, ivs);
      },
    );
  },
);

describe('ivs_gateway_quota_slots_total', () => {
  it('labels slots by API key id, and every JWT subject as one `jwt`: a bounded label set', { timeout: 30_000 }, async () => {
    const issuer = await createIssuer();
    const gw = await startTestGateway(jwtEnv(issuer, { LIMITER_ENABLED: 'true', LIMITER_MAX_WAIT_MS: '0' }));
    try {
      const streamSession = `{ streamSession(channelArn: "${demo.busy.channelArn}") { streamId } }`;
      for (let i = 0; i < 12; i++) {
        const token = await issuer.sign({ sub: `subject-${i}`, scope: 'sessions:read', ivs_accounts: '*' });
        await gw.query(streamSession, undefined, { authorization: `Bearer ${token}` });
      }
      await gw.query(streamSession, undefined, { 'x-api-key': KEYS.reader });
      const text = await (await fetch(gw.app.graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
      const series = text.split('\n').filter((line) => line.startsWith('ivs_gateway_quota_slots_total{'));
      const principals = new Set(series.map((line) => /principal="([^"]*)"/.exec(line)?.[1]));
      expect(principals).toEqual(new Set(['jwt', 'reader']));
      const total = series.reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
      // Every call asked for a slot: taken or refused (12 subjects' and the key's).
      expect(total).toBe(13);
    } finally {
      await gw.close();
    }
  });
});
