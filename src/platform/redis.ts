import type { Logger } from 'pino';
import { createClient, type RedisClientType } from '@redis/client';
import type { Metrics, RedisUse } from './metrics.js';

export type RedisClient = RedisClientType;

/** How long start-up waits for Redis before serving anyway (in-process until Redis answers). */
const CONNECT_WAIT_MS = 2_000;

/**
 * Reconnection with capped exponential backoff: the client keeps trying for as long as the process
 * runs, so a Redis that comes back is used again without a restart.
 */
const reconnectStrategy = (retries: number): number => Math.min(50 * 2 ** retries, 2_000);

/**
 * How every Redis connection of the gateway behaves: commands fail at once while Redis is unreachable
 * (no offline queue), so each user falls back to in-process behaviour instead of waiting.
 */
export function redisClientOptions(url: string) {
  return { url, disableOfflineQueue: true, socket: { connectTimeout: 1_000, reconnectStrategy } };
}

/**
 * Logs the first failure of an outage as a warning and the recovery as info, instead of one line per
 * failed command: during an outage every request would otherwise log. With `up`, it also keeps
 * `ivs_gateway_redis_up{use}`: 0 from the start until the connection first answers, and during outages.
 */
export class OutageLog {
  private down = false;

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
    private readonly up?: { metrics: Metrics; use: RedisUse },
  ) {
    up?.metrics.redisUp.set({ use: up.use }, 0);
  }

  failed(error: unknown, consequence: string): void {
    this.up?.metrics.redisUp.set({ use: this.up.use }, 0);
    if (this.down) return;
    this.down = true;
    this.logger.warn({ err: error }, `${this.what} failed; ${consequence} until it answers again`);
  }

  succeeded(): void {
    this.up?.metrics.redisUp.set({ use: this.up.use }, 1);
    if (!this.down) return;
    this.down = false;
    this.logger.info(`${this.what} answers again`);
  }
}

/**
 * The gateway's node-redis client (the quota limiter's store; other components may share it). Commands
 * fail at once while Redis is unreachable (no offline queue), which is what lets every user of Redis
 * fall back to in-process behaviour instead of waiting.
 */
export async function connectRedis(url: string, logger: Logger, metrics?: Metrics): Promise<RedisClient> {
  const client = createClient(redisClientOptions(url));
  const outage = new OutageLog(logger, `Redis at ${redactedUrl(url)}`, metrics && { metrics, use: 'quota' });
  // An unhandled 'error' event would end the process: connection errors are expected and logged once.
  client.on('error', (error: unknown) => outage.failed(error, 'IVS quota buckets are kept per replica'));
  client.on('ready', () => outage.succeeded());
  const connected = client.connect().then(
    () => true,
    () => false,
  );
  const inTime = await Promise.race([connected, new Promise<boolean>((resolve) => setTimeout(resolve, CONNECT_WAIT_MS, false).unref())]);
  if (!inTime)
    logger.warn(
      `Redis at ${redactedUrl(url)} did not answer within ${CONNECT_WAIT_MS} ms; serving with in-process caches and quota buckets until it does`,
    );
  return client;
}

export async function closeRedis(client: RedisClient): Promise<void> {
  try {
    if (client.isReady) await client.close();
    else if (client.isOpen) client.destroy();
  } catch {
    if (client.isOpen) client.destroy();
  }
}

/** The URL without its password, for logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis';
  }
}
