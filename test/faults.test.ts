import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFleet, type DemoFault } from '../src/embedded-ivs/demo-data.js';
import { faults, setChannelFault } from '../src/embedded-ivs/faults.js';
import { startTestGateway, type TestGateway } from './support/gateway.js';
import { UNCACHED } from './support/isolation.js';

// Fleet channels: each case gets its own faulty channel; `healthy` is asked for alongside it.
const [healthy, ...victims] = demoFleet.filter((f) => f.region === 'us-west-2');
const SESSION = (alias: string, arn: string) => `${alias}: streamSession(channelArn: "${arn}") { streamId }`;

describe('IVS faults: each gives its documented code on the affected field only', () => {
  // `gw` leaves room for every retry (throttling backs off from 500 ms, jittered; 5xx from 100 ms), so no
  // case turns into a timeout on a slow machine; `quick` times out early, for the latency case.
  let gw: TestGateway;
  let quick: TestGateway;
  beforeAll(async () => {
    [gw, quick] = await Promise.all([
      startTestGateway({ ...UNCACHED, IVS_TIMEOUT_MS: '10000', IVS_MAX_ATTEMPTS: '3' }),
      startTestGateway({ ...UNCACHED, IVS_TIMEOUT_MS: '300', IVS_MAX_ATTEMPTS: '3' }),
    ]);
  });
  afterAll(() => Promise.all([gw.close(), quick.close()]));

  const cases: Array<[string, DemoFault, Record<string, unknown>, number, 'quick'?]> = [
    // [name, fault, extensions of the error, IVS calls made (the SDK's attempts)]
    ['latency past IVS_TIMEOUT_MS', faults.slow(5_000), { code: 'UPSTREAM_ERROR', ivsErrorType: 'Timeout' }, 1, 'quick'],
    ['500 InternalServerException', faults.internalError(), { code: 'UPSTREAM_ERROR', ivsErrorType: 'InternalServerException' }, 3],
    ['503 ServiceUnavailable', faults.unavailable('ServiceUnavailable'), { code: 'UPSTREAM_ERROR', ivsErrorType: 'ServiceUnavailable' }, 3],
    ['503 StreamUnavailable', faults.unavailable('StreamUnavailable'), { code: 'UPSTREAM_ERROR', ivsErrorType: 'StreamUnavailable' }, 3],
    ['429 that outlasts the retries', faults.throttleBurst(10), { code: 'THROTTLED', ivsErrorType: 'ThrottlingException' }, 3],
    [
      'a connection reset in the middle of the body',
      faults.connectionReset(),
      { code: 'UPSTREAM_ERROR', ivsErrorType: 'ConnectionError' },
      3,
    ],
    ['a malformed JSON body with 200', faults.malformedJson(), { code: 'UPSTREAM_ERROR', ivsErrorType: 'MalformedResponse' }, 1],
    [
      'a 500 without exceptionMessage',
      faults.errorWithoutMessage('InternalServerException'),
      { code: 'UPSTREAM_ERROR', ivsErrorType: 'InternalServerException' },
      3,
    ],
    [
      'a 403 without exceptionMessage',
      faults.errorWithoutMessage('AccessDeniedException'),
      { code: 'FORBIDDEN', ivsErrorType: 'AccessDeniedException' },
      1,
    ],
  ];

  it.each(cases.map(([name, fault, extensions, calls, which], i) => [name, fault, extensions, calls, victims[i]!, which] as const))(
    '%s',
    async (_name, fault, extensions, calls, victim, which) => {
      const target = which === 'quick' ? quick : gw;
      setChannelFault(target.ivs.data, victim.channelArn, fault);
      target.ivs.resetCalls();
      const { status, body } = await target.query(`{ ${SESSION('ok', healthy!.channelArn)} ${SESSION('faulty', victim.channelArn)} }`);
      expect(status).toBe(200);
      expect(body.data).toEqual({ ok: { streamId: healthy!.streamId }, faulty: null });
      expect(body.errors).toHaveLength(1);
      const [error] = body.errors!;
      expect(error!.path).toEqual(['faulty']);
      expect(error!.extensions).toMatchObject(extensions);
      // Messages say what happened and what to do, never "UnknownError", never internals.
      expect(error!.message).not.toMatch(/UnknownError|Deserialization|ECONNRESET|\bat .*\(|node_modules/);
      expect(error!.message.length).toBeGreaterThan(20);
      expect(target.ivs.callCount('GetStreamSession', (c) => (c.body as { channelArn: string }).channelArn === victim.channelArn)).toBe(
        calls,
      );
    },
  );

  it('retries a burst of 429s with backoff and serves the answer once IVS lets it through', async () => {
    const victim = victims[cases.length]!;
    setChannelFault(gw.ivs.data, victim.channelArn, faults.throttleBurst(2));
    gw.ivs.resetCalls();
    const { body } = await gw.query(`{ ${SESSION('session', victim.channelArn)} }`);
    expect(body).toEqual({ data: { session: { streamId: victim.streamId } } });
    const attempts = gw.ivs.calls.filter((c) => c.operation === 'GetStreamSession');
    expect(attempts).toHaveLength(3);
    // Backoff: the attempts are not all at once.
    expect(attempts.at(-1)!.at).toBeGreaterThan(attempts[0]!.at);
  });

  it("stops retrying at the request's deadline (REQUEST_TIMEOUT_MS)", async () => {
    const hurried = await startTestGateway({ ...UNCACHED, REQUEST_TIMEOUT_MS: '300', IVS_TIMEOUT_MS: '60000', IVS_MAX_ATTEMPTS: '10' });
    try {
      const victim = victims[cases.length + 2]!;
      setChannelFault(hurried.ivs.data, victim.channelArn, faults.throttleBurst(100));
      const { body } = await hurried.query(`{ ${SESSION('ok', healthy!.channelArn)} ${SESSION('faulty', victim.channelArn)} }`);
      expect(body.data).toEqual({ ok: { streamId: healthy!.streamId }, faulty: null });
      expect(body.errors).toEqual([
        expect.objectContaining({ path: ['faulty'], extensions: { code: 'UPSTREAM_ERROR', ivsErrorType: 'Timeout' } }),
      ]);
      expect(body.errors![0]!.message).toMatch(/deadline \(300 ms\)/);
      // Throttling backs off from 500 ms (jittered, doubling): 10 attempts never fit in 300 ms.
      expect(
        hurried.ivs.callCount('GetStreamSession', (c) => (c.body as { channelArn: string }).channelArn === victim.channelArn),
      ).toBeLessThan(10);
    } finally {
      await hurried.close();
    }
  });

  it('fails only the channels of the faulty BatchGetChannel call (one call per region)', async () => {
    const victim = victims[cases.length + 1]!;
    const elsewhere = demoFleet.find((f) => f.region === 'eu-west-1')!;
    setChannelFault(gw.ivs.data, victim.channelArn, faults.connectionReset());
    const { body } = await gw.query(
      `{ bad: channel(arn: "${victim.channelArn}") { name } good: channel(arn: "${elsewhere.channelArn}") { name } }`,
    );
    expect(body.data).toEqual({ bad: null, good: { name: elsewhere.name } });
    expect(body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['bad'], 'UPSTREAM_ERROR']]);
  });

  it('keeps serving after all of them', async () => {
    const { body } = await gw.query(`{ ${SESSION('ok', healthy!.channelArn)} }`);
    expect(body).toEqual({ data: { ok: { streamId: healthy!.streamId } } });
    expect((await fetch(gw.app.graphqlUrl.replace(/graphql$/, 'healthz'))).status).toBe(200);
  });
});

describe('memory under a bounded run of mixed faulty traffic', () => {
  it('stays flat: heap after GC grows by less than 2 MB over 280 requests with 6 faulty calls each', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const gw = await startTestGateway({
      ...UNCACHED,
      IVS_TIMEOUT_MS: '5000',
      IVS_MAX_ATTEMPTS: '2',
      IVS_MAX_CONCURRENCY_PER_REGION: '50',
      LOG_LEVEL: 'error',
    });
    try {
      const mix: DemoFault[] = [
        faults.internalError(),
        faults.unavailable(),
        faults.connectionReset(),
        faults.malformedJson(),
        faults.errorWithoutMessage(),
        faults.errorWithoutMessage('AccessDeniedException'),
        faults.slow(30),
      ];
      const faulty = victims.slice(0, mix.length);
      faulty.forEach((victim, i) => setChannelFault(gw.ivs.data, victim.channelArn, mix[i]));
      const query = `{ ${SESSION('ok', healthy!.channelArn)} ${faulty.map((v, i) => SESSION(`f${i}`, v.channelArn)).join(' ')} }`;

      const round = async () => {
        const responses = await Promise.all(Array.from({ length: 8 }, () => gw.query(query)));
        for (const { status, body } of responses) {
          expect(status).toBe(200);
          expect(body.data?.ok).toEqual({ streamId: healthy!.streamId });
          expect(body.errors?.map((e) => e.extensions?.code).sort()).toEqual(['FORBIDDEN', ...Array(5).fill('UPSTREAM_ERROR')]);
        }
        // What the test itself keeps (recorded calls, captured logs) must not count as the gateway's growth.
        gw.ivs.resetCalls();
        gw.logs.length = 0;
        gw.rawLog.length = 0;
      };
      const heapAfterGc = async () => {
        await sleep(20);
        gc();
        gc();
        return process.memoryUsage().heapUsed;
      };

      // Warm-up first (JIT, pools, lazily built caches), then a measured stretch. A retained request or call
      // (such as a pending timer holding the request's signal and its listeners) shows as ~10 KB per request.
      for (let i = 0; i < 15; i++) await round();
      const before = await heapAfterGc();
      for (let i = 0; i < 35; i++) await round();
      const after = await heapAfterGc();
      const growthMb = (after - before) / 1024 / 1024;
      expect(growthMb, `heap grew by ${growthMb.toFixed(2)} MB over 280 requests`).toBeLessThan(2);
      expect((await gw.query(`{ ${SESSION('ok', healthy!.channelArn)} }`)).body.errors).toBeUndefined();
    } finally {
      await gw.close();
    }
  }, 60_000);
});
