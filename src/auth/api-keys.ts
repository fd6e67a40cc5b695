import { createHash, timingSafeEqual } from 'node:crypto';
import type { Principal } from './principal.js';

/** One configured API key: only the SHA-256 of the key is stored, never the key itself. */
export interface ApiKeyEntry {
  id: string;
  /** SHA-256 of the key, hex. */
  sha256: string;
  scopes: readonly string[];
  /** AWS account ids the key may read; absent means any. */
  accounts?: readonly string[] | undefined;
  /** Requests per second this key may make, overriding RATE_LIMIT_PER_PRINCIPAL; 0: no limit for this key. */
  rateLimit?: number | undefined;
}

/**
 * Verifies presented API keys against the configured digests. Every entry is compared, with
 * `timingSafeEqual` on equal-length digests, so the time taken says nothing about which key (or
 * which prefix) matched.
 */
export class ApiKeyStore {
  private readonly entries: ReadonlyArray<{ digest: Buffer; principal: Principal }>;

  constructor(entries: readonly ApiKeyEntry[]) {
    this.entries = entries.map((entry) => ({
      digest: Buffer.from(entry.sha256.toLowerCase(), 'hex'),
      principal: Object.freeze({
        id: entry.id,
        kind: 'api-key' as const,
        scopes: new Set(entry.scopes),
        accounts: entry.accounts ? new Set(entry.accounts) : null,
        expiresAt: null,
      }),
    }));
  }

  get size(): number {
    return this.entries.length;
  }

  /** The key's principal, or null when no configured key matches. */
  authenticate(key: string): Principal | null {
    const presented = createHash('sha256').update(key, 'utf8').digest();
    let found: Principal | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(presented, entry.digest) && found === null) found = entry.principal;
    }
    return found;
  }
}
