/**
 * For tests that count IVS calls across requests or make many of them: no cross-request cache and no
 * IVS quota limiter (src/cache/), so every load that misses the request's own DataLoader reaches IVS
 * at once, as the test expects.
 */
export const UNCACHED = { CACHE_ENABLED: 'false', LIMITER_ENABLED: 'false' } as const;
