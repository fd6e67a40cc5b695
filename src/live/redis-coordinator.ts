import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { RedisClient } from '../platform/redis.js';
import { parseSnapshot, serializeSnapshot, type Coordinator } from './coordinator.js';
import type { LiveSnapshot } from './snapshot.js';

// Renew the lease only while this replica still holds it (the standard Redis lock-renewal check).
const RENEW_IF_OWNER = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_IF_OWNER = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Replicas sharing Redis elect one poller per region with a lease (a key set NX with an expiry, renewed
 * by its holder) and fan its snapshots out over pub/sub, so N replicas cost the IVS calls of one. A
 * killed leader's lease expires after `leaseMs`; the next replica to ask takes it over. If Redis
 * fails, the replica polls for itself (logged), so subscribers keep getting updates.
 */
export class RedisCoordinator implements Coordinator {
  private readonly id = randomUUID();
  private subscriber: RedisClient | null = null;

  constructor(
    private readonly client: RedisClient,
    private readonly options: { leaseMs: number; prefix: string; logger: Logger },
  ) {}

  async shouldPoll(region: string): Promise<boolean> {
    const key = this.leaseKey(region);
    try {
      const renewed = await this.client.sendCommand(['EVAL', RENEW_IF_OWNER, '1', key, this.id, String(this.options.leaseMs)]);
      if (Number(renewed) === 1) return true;
      const taken = await this.client.sendCommand(['SET', key, this.id, 'NX', 'PX', String(this.options.leaseMs)]);
      return String(taken) === 'OK';
    } catch (error) {
      this.options.logger.warn({ err: error, region }, 'Redis unavailable for the live poller lease; polling locally');
      return true;
    }
  }

  async publish(region: string, snapshot: LiveSnapshot): Promise<void> {
    const payload = serializeSnapshot(snapshot);
    try {
      await this.client.sendCommand(['SET', this.snapshotKey(region), payload, 'PX', String(this.options.leaseMs * 2)]);
      await this.client.sendCommand(['PUBLISH', this.channel(region), payload]);
    } catch (error) {
      this.options.logger.warn({ err: error, region }, 'could not publish a live snapshot to Redis');
    }
  }

  async follow(region: string, onSnapshot: (snapshot: LiveSnapshot) => void): Promise<() => Promise<void>> {
    const listener = (message: string) => onSnapshot(parseSnapshot(message));
    try {
      if (!this.subscriber) {
        const subscriber = this.client.duplicate();
        // node-redis emits 'error' on a lost connection (and reconnects); unhandled, it would end the process.
        subscriber.on('error', (error: unknown) => this.options.logger.warn({ err: error }, 'Redis subscriber connection error'));
        this.subscriber = await subscriber.connect();
      }
      await this.subscriber.subscribe(this.channel(region), listener);
      // A newcomer starts from the leader's latest snapshot instead of waiting a whole interval.
      const latest = await this.client.sendCommand(['GET', this.snapshotKey(region)]);
      if (typeof latest === 'string') onSnapshot(parseSnapshot(latest));
    } catch (error) {
      this.options.logger.warn({ err: error, region }, 'could not follow live snapshots through Redis');
    }
    return async () => {
      await this.subscriber?.unsubscribe(this.channel(region), listener).catch(() => undefined);
    };
  }

  async release(region: string): Promise<void> {
    await this.client.sendCommand(['EVAL', RELEASE_IF_OWNER, '1', this.leaseKey(region), this.id]);
  }

  async close(): Promise<void> {
    await this.subscriber?.close().catch(() => undefined);
    this.subscriber = null;
  }

  private leaseKey(region: string) {
    return `${this.options.prefix}live:${region}:poller`;
  }

  private snapshotKey(region: string) {
    return `${this.options.prefix}live:${region}:snapshot`;
  }

  private channel(region: string) {
    return `${this.options.prefix}live:${region}:snapshots`;
  }
}
