import { afterEach, describe, expect, it, vi } from 'vitest';
import { quotaPrincipalOf } from '../../src/graphql/create-context.js';
import { ANONYMOUS, type Principal } from '../../src/auth/principal.js';
import { IVS_RATE_LIMITS } from '../../src/kernel/ivs-operations.js';
import { Metrics } from '../../src/platform/metrics.js';
import { QuotaLimiter, shareOf } from '../../src/upstream/quota-limiter.js';

const A = { id: 'api-key:a', label: 'a' };
const B = { id: 'api-key:b', label: 'b' };

function limiter(options: { rate?: number; share?: number; maxWaitMs?: number; metrics?: Metrics } = {}): QuotaLimiter {
  return new QuotaLimiter({
    rates: { ...IVS_RATE_LIMITS, GetStreamSession: options.rate ?? 5 },
    maxWaitMs: options.maxWaitMs ?? 0,
    redis: null,
    keyPrefix: 't:',
    metrics: options.metrics ?? null,
    share: options.share ?? 0.6,
  });
}

const acquire = (quota: QuotaLimiter, principal: { id: string; label: string } | null, account = '123456789012') =>
  quota.acquire(account, 'us-west-2', 'GetStreamSession', principal);

describe('the share of a bucket one principal may take', () => {
  it('is floor(share × rate), at least 1 and at most the rate', () => {
    expect(shareOf(5, 0.6)).toBe(3);
    expect(shareOf(5, 0.5)).toBe(2);
    expect(shareOf(5, 1)).toBe(5);
    expect(shareOf(3, 0.6)).toBe(1);
    expect(shareOf(5, 0.01)).toBe(1);
    expect(shareOf(1, 0.6)).toBe(1);
    // Floating point: 0.29 × 100 is 28.999999999999996.
    expect(shareOf(100, 0.29)).toBe(29);
    expect(shareOf(10, 0.7)).toBe(7);
  });

  it('leaves every other caller at least (1 − share) × rate of each second', () => {
    for (const rate of [1, 2, 3, 5, 7, 10, 50]) {
      for (const share of [0.1, 0.25, 0.5, 0.6, 0.75, 0.9, 1]) {
        const taken = shareOf(rate, share);
        expect(taken).toBeGreaterThanOrEqual(1);
        // Rounded down: only the floor of 1 may take more than share × rate.
        if (share * rate >= 1) expect(rate - taken).toBeGreaterThanOrEqual((1 - share) * rate - 1e-9);
      }
    }
  });
});

describe('quota limiter with a fair share (in memory)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives one principal 3 of 5 slots a second and keeps the other 2 for others', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_800_000_000_100);
    const metrics = new Metrics({ defaultMetrics: false });
    const quota = limiter({ metrics });
    for (let i = 0; i < 3; i++) await acquire(quota, A);
    await expect(acquire(quota, A)).rejects.toMatchObject({
      extensions: { code: 'THROTTLED', quota: { reason: 'share', callsPerSecond: 5, principalCallsPerSecond: 3 } },
    });
    // The refused call took no slot of the bucket: B gets the other two.
    await acquire(quota, B);
    await acquire(quota, B);
    // Now the bucket is full: B is refused for the quota (B has used 2 of its 3).
    await expect(acquire(quota, B)).rejects.toMatchObject({ extensions: { code: 'THROTTLED', quota: { reason: 'quota' } } });
    const values = (await metrics.registry.getSingleMetric('ivs_gateway_quota_slots_total')!.get()).values;
    const count = (principal: string, result: string) =>
      values.find((v) => v.labels.principal === principal && v.labels.result === result)?.value ?? 0;
    expect([count('a', 'taken'), count('a', 'refused'), count('b', 'taken'), count('b', 'refused')]).toEqual([3, 1, 2, 1]);
  });

  it('counts shares per bucket: another account, region or operation is another share', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_800_000_000_100);
    const quota = limiter();
    for (let i = 0; i < 3; i++) await acquire(quota, A);
    for (let i = 0; i < 3; i++) await acquire(quota, A, '210987654321');
    await quota.acquire('123456789012', 'eu-west-1', 'GetStreamSession', A);
    await quota.acquire('123456789012', 'us-west-2', 'GetStream', A);
  });

  it('does not limit calls made for no principal (the pollers), nor a share of 1', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_800_000_000_100);
    const quota = limiter();
    for (let i = 0; i < 5; i++) await acquire(quota, null);
    await expect(acquire(quota, null)).rejects.toMatchObject({ extensions: { quota: { reason: 'quota' } } });
    const whole = limiter({ share: 1 });
    for (let i = 0; i < 5; i++) await acquire(whole, A);
  });

  it('lets a principal over its share wait for its share of the next second within LIMITER_MAX_WAIT_MS', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_800_000_000_960); // 40 ms before the next second: calls are counted in the next one
    const quota = limiter({ maxWaitMs: 1000 });
    // A's share of the next second (each waits for it to start); a fourth call would need the second after, past the wait.
    for (let i = 0; i < 3; i++) await acquire(quota, A);
    await expect(acquire(quota, A)).rejects.toMatchObject({ extensions: { quota: { reason: 'share' } } });
    // B still has the next second's other 2 slots.
    await acquire(quota, B);
    await acquire(quota, B);
  });

  it('gives a slot back to the principal when the bucket turns out full', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_800_000_000_100);
    const quota = limiter({ rate: 5, share: 0.8 }); // 4 each
    for (let i = 0; i < 4; i++) await acquire(quota, B);
    await acquire(quota, A);
    // The bucket is full: A is refused for the quota, and its point is given back.
    await expect(acquire(quota, A)).rejects.toMatchObject({ extensions: { quota: { reason: 'quota' } } });
    vi.setSystemTime(1_800_000_001_100);
    // A new second: A has its whole share again.
    for (let i = 0; i < 4; i++) await acquire(quota, A);
  });
});

describe('the principal the quota limiter sees', () => {
  const jwt = (sub: string): Principal => ({ id: `jwt:${sub}`, kind: 'jwt', scopes: new Set(), accounts: null, expiresAt: null });
  const key = (id: string): Principal => ({ id, kind: 'api-key', scopes: new Set(), accounts: null, expiresAt: null });

  it('has one share per API key, token subject or anonymous, and a bounded label', () => {
    const subjects = Array.from({ length: 1000 }, (_, i) => quotaPrincipalOf(jwt(`user-${i}`)));
    expect(new Set(subjects.map((p) => p.id)).size).toBe(1000);
    expect(new Set(subjects.map((p) => p.label))).toEqual(new Set(['jwt']));
    expect(quotaPrincipalOf(key('reader'))).toEqual({ id: 'api-key:reader', label: 'reader' });
    expect(quotaPrincipalOf(ANONYMOUS)).toEqual({ id: 'anonymous:anonymous', label: 'anonymous' });
    // An API key id that looks like a token's principal id is still another share.
    expect(quotaPrincipalOf(key('jwt:user-1')).id).not.toBe(quotaPrincipalOf(jwt('user-1')).id);
  });
});
