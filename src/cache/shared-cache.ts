import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import KeyvRedis from '@keyv/redis';
import { Keyv } from 'keyv';
import type { Logger } from 'pino';
import type { Metrics } from '../platform/metrics.js';
import { OutageLog, redactedUrl, redisClientOptions } from '../platform/redis.js';

/** What an outage means for the users of this cache (logged once per outage). */
const IN_PROCESS_ONLY = 'cached IVS data and persisted queries are in-process only';

/** A Redis read slower than this is a miss: a slow Redis must not make requests slow. */
const READ_TIMEOUT_MS = 250;

export interface SharedCache extends KeyValueCache<string> {
  close(): Promise<void>;
}

/**
 * Apollo's KeyValueCache over Redis (Keyv with @keyv/redis, through Apollo's KeyvAdapter, which
 * batches concurrent reads into one MGET), namespaced under `prefix`. Never fails and never hangs a
 * request: a Redis error or a read slower than 250 ms is a miss, a failed write is dropped, and the
 * outage is logged once (with its end), so losing Redis degrades to in-process behaviour.
 */
export function createSharedCache(options: { url: string; prefix: string; logger: Logger; metrics: Metrics | null }): SharedCache {
  const store = new KeyvRedis(redisClientOptions(options.url), { throwOnConnectError: true, throwOnErrors: true });
  const outage = new OutageLog(
    options.logger,
    `Redis cache at ${redactedUrl(options.url)}`,
    options.metrics ? { metrics: options.metrics, use: 'cache' } : undefined,
  );
  store.on('error', (error: unknown) => outage.failed(error, IN_PROCESS_ONLY));
  // Connect now (not on the first read), so that a Redis that is down at start-up costs reads nothing.
  store.getClient().then(
    () => outage.succeeded(),
    (error: unknown) => outage.failed(error, IN_PROCESS_ONLY),
  );
  const keyv = new Keyv<string>({ store, namespace: options.prefix, useKeyPrefix: false, throwOnErrors: true });
  keyv.on('error', () => {
    // Reported through `store` above; Keyv re-emits.
  });
  // KeyvAdapter is typed against keyv's CommonJS declarations, this module imports the ESM ones: same class.
  const adapter = new KeyvAdapter<string>(keyv as unknown as ConstructorParameters<typeof KeyvAdapter<string>>[0]);
  const failed = (error: unknown) => {
    options.metrics?.redisErrors.inc({ use: 'cache' });
    outage.failed(error, IN_PROCESS_ONLY);
  };

  return {
    async get(key: string): Promise<string | undefined> {
      let timer: NodeJS.Timeout | undefined;
      try {
        const value = await Promise.race([
          adapter.get(key),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`Redis did not answer a cache read within ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS);
          }),
        ]);
        outage.succeeded();
        return value;
      } catch (error) {
        failed(error);
        return undefined;
      } finally {
        clearTimeout(timer);
      }
    },
    async set(key: string, value: string, setOptions?: KeyValueCacheSetOptions): Promise<void> {
      try {
        await adapter.set(key, value, setOptions);
      } catch (error) {
        failed(error);
      }
    },
    async delete(key: string): Promise<boolean> {
      try {
        return (await adapter.delete(key)) === true;
      } catch (error) {
        failed(error);
        return false;
      }
    },
    async close(): Promise<void> {
      try {
        await store.disconnect(true);
      } catch {
        // Closing a connection that is already gone.
      }
    },
  };
}
