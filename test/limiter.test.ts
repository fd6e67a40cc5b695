import { afterEach, describe, expect, it, vi } from 'vitest';
import { demo } from '../src/embedded-ivs/demo-data.js';
import { IVS_RATE_LIMITS } from '../src/kernel/ivs-operations.js';
import { QuotaLimiter } from '../src/upstream/quota-limiter.js';
import { Metrics } from '../src/platform/metrics.js';
import { startTestGateway } from './support/gateway.js';

/** Calls per wall-clock second (of the embedded IVS's arrival times), in order. */
function callsPerSecond(times: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const at of times) counts.set(Math.floor(at / 1000), (counts.get(Math.floor(at / 1000)) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a - b).map(([, n]) => n);
}

async function counter(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return value?.value ?? 0;
}

describe('quota limiter (unit, in process)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('admits the quota of the current second at once, then answers THROTTLED at once when no slot is free within the wait', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_800_000_000_100); // 100 ms into a second
    const metrics = new Metrics({ defaultMetrics: false });
    const limiter = new QuotaLimiter({
      rates: { ...IVS_RATE_LIMITS, GetStreamSession: 2 },
      maxWaitMs: 0,
      redis: null,
      keyPrefix: 't:',
      metrics,
    });
    await limiter.acquire('123456789012', 'us-west-2', 'GetStreamSession', null);
    await limiter.acquire('123456789012', 'us-west-2', 'GetStreamSession', null);
    await expect(limiter.acquire('123456789012', 'us-west-2', 'GetStreamSession', null)).rejects.toMatchObject({
      extensions: { code: 'THROTTLED', quota: { operation: 'GetStreamSession', region: 'us-west-2', callsPerSecond: 2 } },
    });
    // Buckets are per (account, region, operation).
    await limiter.acquire('210987654321', 'us-west-2', 'GetStreamSession', null);
    await limiter.acquire('123456789012', 'eu-west-1', 'GetStreamSession', null);
    await limiter.acquire('123456789012', 'us-west-2', 'GetStream', null);
    expect(await counter(metrics, 'ivs_gateway_limiter_total', { operation: 'GetStreamSession', result: 'refused' })).toBe(1);
  });

  it('reserves a slot of a coming second within LIMITER_MAX_WAIT_MS and waits for it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_800_000_000_900); // 100 ms before the next second
    const metrics = new Metrics({ defaultMetrics: false });
    const limiter = new QuotaLimiter({
      rates: { ...IVS_RATE_LIMITS, GetRecordingConfiguration: 1 },
      maxWaitMs: 500,
      redis: null,
      keyPrefix: 't:',
      metrics,
    });
    await limiter.acquire('default', 'us-west-2', 'GetRecordingConfiguration', null);
    await limiter.acquire('default', 'us-west-2', 'GetRecordingConfiguration', null); // the next second's slot: waits about 100 ms
    await expect(limiter.acquire('default', 'us-west-2', 'GetRecordingConfiguration', null)).rejects.toMatchObject({
      extensions: { code: 'THROTTLED' },
    });
    expect(await counter(metrics, 'ivs_gateway_limiter_total', { result: 'waited' })).toBe(1);
    expect(await counter(metrics, 'ivs_gateway_limiter_total', { result: 'refused' })).toBe(1);
  });
});

describe('quota limiter in the gateway (in process)', () => {
  it('keeps GetStreamSession within 5 calls per second and answers the rest THROTTLED, field by field', async () => {
    // One (anonymous) caller uses the whole quota here: no fair share (test/quota-share.test.ts has that).
    const gw = await startTestGateway({ LIMITER_ENABLED: 'true', LIMITER_MAX_WAIT_MS: '1000', QUOTA_SHARE: '1' });
    try {
      // A warm region client (another operation's quota): a cold SDK start on a loaded machine can delay a
      // call admitted in one second until IVS sees it in the next, which this test would count twice.
      await gw.query(`{ channel(arn: "${demo.busy.channelArn}") { name } }`);
      gw.ivs.resetCalls();
      const sessions = gw.ivs.data.channels.find((c) => c.channel.arn === demo.busy.channelArn)!.sessions.slice(1, 16);
      const aliases = sessions.map(
        (s, i) => `s${i}: streamSession(channelArn: "${demo.busy.channelArn}", streamId: "${s.streamId}") { streamId }`,
      );
      const { status, body } = await gw.query(`{ ${aliases.join('\n')} }`);
      expect(status).toBe(200);
      const served = sessions.filter((s, i) => (body.data?.[`s${i}`] as { streamId?: string } | null)?.streamId === s.streamId);
      const throttled = (body.errors ?? []).filter((e) => e.extensions?.code === 'THROTTLED');
      // Every field is either served or THROTTLED; the first second's five are always served.
      expect(served.length + throttled.length).toBe(15);
      expect(body.errors ?? []).toEqual(throttled);
      expect(served.length).toBeGreaterThanOrEqual(5);
      expect(throttled.length).toBeGreaterThanOrEqual(1);
      const calls = gw.ivs.calls.filter((c) => c.operation === 'GetStreamSession');
      expect(calls).toHaveLength(served.length);
      for (const n of callsPerSecond(calls.map((c) => c.at))) expect(n).toBeLessThanOrEqual(5);
    } finally {
      await gw.close();
    }
  });
});
