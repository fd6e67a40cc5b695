import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';

describe('performance settings (caches, quota limiter, Redis, metrics)', () => {
  it('defaults: caches on (5 s for what can change, a day for ended sessions), IVS quotas, no Redis, metrics on', () => {
    expect(loadConfig({}).performance).toEqual({
      redis: null,
      cache: {
        enabled: true,
        ttlSeconds: 5,
        endedSessionTtlSeconds: 86_400,
        notFoundTtlSeconds: 5,
        maxBytes: 64 * 1024 ** 2,
        responseMaxBytes: 32 * 1024 ** 2,
      },
      limiter: {
        enabled: true,
        maxWaitMs: 1000,
        share: 0.6,
        rates: {
          GetStreamSession: 5,
          ListStreamSessions: 5,
          BatchGetChannel: 5,
          ListChannels: 5,
          GetStream: 5,
          ListStreams: 5,
          GetRecordingConfiguration: 3,
        },
      },
      metrics: true,
    });
  });

  it('reads every variable', () => {
    const { performance } = loadConfig({
      REDIS_URL: 'redis://:secret@cache.internal:6380/2',
      REDIS_KEY_PREFIX: 'gw-a:',
      CACHE_ENABLED: 'false',
      CACHE_TTL_SECONDS: '2',
      CACHE_ENDED_SESSION_TTL_SECONDS: '600',
      CACHE_MAX_BYTES: '1000',
      RESPONSE_CACHE_MAX_BYTES: '0',
      LIMITER_ENABLED: 'false',
      LIMITER_MAX_WAIT_MS: '250',
      LIMITER_RATES: 'GetStreamSession=10,GetRecordingConfiguration=1',
      QUOTA_SHARE: '0.25',
      NOT_FOUND_CACHE_SECONDS: '0',
      METRICS: 'false',
    });
    expect(performance).toMatchObject({
      redis: { url: 'redis://:secret@cache.internal:6380/2', keyPrefix: 'gw-a:' },
      cache: { enabled: false, ttlSeconds: 2, endedSessionTtlSeconds: 600, notFoundTtlSeconds: 0, maxBytes: 1000, responseMaxBytes: 0 },
      limiter: {
        enabled: false,
        maxWaitMs: 250,
        share: 0.25,
        rates: { GetStreamSession: 10, GetRecordingConfiguration: 1, ListChannels: 5 },
      },
      metrics: false,
    });
  });

  it.each([
    ['REDIS_URL', 'http://cache:6379', /must be a redis:\/\/ or rediss:\/\/ URL/],
    ['CACHE_TTL_SECONDS', '301', /must be at most 300/],
    ['LIMITER_MAX_WAIT_MS', '-1', /must be at least 0/],
    ['LIMITER_RATES', 'GetStreamSession', /Operation=callsPerSecond/],
    ['LIMITER_RATES', 'GetChannel=5', /names an operation other than/],
    ['LIMITER_RATES', 'GetStreamSession=0', /rate below 1/],
    ['CACHE_ENABLED', 'yes', /must be true or false/],
    ['QUOTA_SHARE', '0', /must be a number above 0 and at most 1/],
    ['QUOTA_SHARE', '1.5', /must be a number above 0 and at most 1/],
    ['QUOTA_SHARE', 'half', /must be a number above 0 and at most 1/],
    ['NOT_FOUND_CACHE_SECONDS', '301', /must be at most 300/],
    ['NOT_FOUND_CACHE_SECONDS', '1.5', /must be a whole number/],
  ])('refuses %s=%s with one line naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid ${name}=`));
  });
});
