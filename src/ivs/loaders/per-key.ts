import DataLoader from 'dataloader';

/**
 * A DataLoader for an upstream with no batch read: each distinct key of one operation is loaded once,
 * on its own, and fails on its own (its error answers that key only).
 */
export function perKeyLoader<K, V>(get: (key: K) => Promise<V>, cacheKeyFn: (key: K) => string): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>((keys) => Promise.all(keys.map((key) => get(key).catch((error: unknown) => error as Error))), {
    cacheKeyFn,
  });
}
