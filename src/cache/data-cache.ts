import { LRUCache } from 'lru-cache';
import type { Metrics } from '../platform/metrics.js';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';

/** An answer that the resource does not exist (IVS's NOT_FOUND), as it was sent: message and extensions. */
export interface AbsentAnswer {
  message: string;
  extensions: Record<string, unknown>;
}

export interface CacheEntry<T> {
  /** The value; undefined when the entry is `absent`. */
  value: T;
  /** Set instead of a value: the resource does not exist, and this is what IVS's answer said. */
  absent?: AbsentAnswer;
  /** Epoch ms after which the entry is not served. */
  expiresAt: number;
  /** Approximate size, bytes (for the in-process bound). */
  bytes: number;
  /** Read from Redis without a secret the original had (see src/ivs/secrets.ts): not for requests that may read secrets. */
  partial?: boolean;
}

/** How an entry travels through Redis: JSON of the value and its expiry. */
interface SharedEntry {
  v?: unknown;
  x: number;
  /** An absent entry's answer (then there is no `v`). */
  a?: AbsentAnswer;
}

/**
 * The cross-request cache of IVS data: an in-process LRU bounded by (approximate) bytes, and, when
 * Redis is configured, a shared second level that every replica reads and fills. Values are the
 * gateway's models, stored as they are in process and as JSON in Redis.
 */
export class DataCache {
  private readonly memory: LRUCache<string, CacheEntry<unknown>> | null;

  constructor(
    maxBytes: number,
    private readonly shared: KeyValueCache<string> | null,
    private readonly metrics: Metrics | null,
  ) {
    // Parsed and mapped, a model takes about 1.5-1.6 times its JSON size on the V8 heap (measured on the
    // 20- and 500-event demo sessions): entries count twice their serialized size against the bound.
    this.memory =
      maxBytes > 0
        ? new LRUCache<string, CacheEntry<unknown>>({
            maxSize: maxBytes,
            sizeCalculation: (entry, key) => Math.max(1, 2 * entry.bytes + key.length),
          })
        : null;
  }

  get hasShared(): boolean {
    return this.shared !== null;
  }

  /** The in-process entry, if fresh (synchronous: no await between a miss and starting a shared call). */
  peek<T>(key: string): CacheEntry<T> | undefined {
    const entry = this.memory?.get(key) as CacheEntry<T> | undefined;
    if (entry && entry.expiresAt > Date.now()) {
      this.metrics?.cache.inc({ cache: 'memory', result: 'hit' });
      return entry;
    }
    if (entry) this.memory!.delete(key);
    this.metrics?.cache.inc({ cache: 'memory', result: 'miss' });
    return undefined;
  }

  /** The shared (Redis) entry, if any and fresh; `partial` tells whether it lacks a secret. Fills memory. */
  async getShared<T>(key: string, partial: (value: T) => boolean = () => false): Promise<CacheEntry<T> | undefined> {
    if (!this.shared) return undefined;
    const text = await this.shared.get(key);
    let entry: CacheEntry<T> | undefined;
    if (text !== undefined) {
      try {
        const parsed = JSON.parse(text) as SharedEntry;
        if (parsed.x > Date.now())
          entry = parsed.a
            ? { value: undefined as T, absent: parsed.a, expiresAt: parsed.x, bytes: text.length }
            : { value: parsed.v as T, expiresAt: parsed.x, bytes: text.length, partial: partial(parsed.v as T) };
      } catch {
        entry = undefined;
      }
    }
    this.metrics?.cache.inc({ cache: 'redis', result: entry ? 'hit' : 'miss' });
    if (entry) this.memory?.set(key, entry);
    return entry;
  }

  /**
   * Stores a value for `ttlSeconds` in process and, when configured, in Redis (`forShared` is what
   * goes there: the value with any secret removed). The Redis write is not awaited.
   */
  set<T>(key: string, value: T, ttlSeconds: number, options: { bytes?: number; forShared?: T } = {}): CacheEntry<T> {
    const expiresAt = Date.now() + ttlSeconds * 1000;
    let text: string | undefined;
    if (this.shared) text = JSON.stringify({ v: options.forShared ?? value, x: expiresAt } satisfies SharedEntry);
    const entry: CacheEntry<T> = { value, expiresAt, bytes: options.bytes ?? text?.length ?? approximateBytes(value) };
    this.memory?.set(key, entry);
    if (text !== undefined) void this.shared!.set(key, text, { ttl: ttlSeconds });
    return entry;
  }

  /**
   * Stores that the resource of `key` does not exist, for `ttlSeconds`, in process and in Redis: the
   * same key as its value would have, so a lookup finds either in one read.
   */
  setAbsent(key: string, absent: AbsentAnswer, ttlSeconds: number): void {
    const expiresAt = Date.now() + ttlSeconds * 1000;
    const text = JSON.stringify({ a: absent, x: expiresAt } satisfies SharedEntry);
    this.memory?.set(key, { value: undefined, absent, expiresAt, bytes: text.length });
    if (this.shared) void this.shared.set(key, text, { ttl: ttlSeconds });
  }
}

/** Serialized size without serializing: a rough walk, good enough to bound memory. */
function approximateBytes(value: unknown, depth = 0): number {
  if (value === null || value === undefined) return 4;
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
    case 'boolean':
      return 8;
    case 'object': {
      if (depth > 8) return 64;
      if (value instanceof Date) return 26;
      let total = 2;
      if (Array.isArray(value)) {
        for (const item of value) total += approximateBytes(item, depth + 1) + 1;
      } else {
        for (const [k, v] of Object.entries(value)) total += k.length + 4 + approximateBytes(v, depth + 1);
      }
      return total;
    }
    default:
      return 8;
  }
}
