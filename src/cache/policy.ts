/**
 * What one request's response may be cached for, collected while it executes: every IVS-backed value
 * the data layer serves notes how long it stays valid (its remaining time in the gateway's cache; 0
 * when it was not cached), and the response may be cached for the shortest of those. A request that
 * served nothing from IVS (introspection, errors only) is not cacheable.
 *
 * This replaces per-field @cacheControl hints: the policy follows from where the data came from, so no
 * field can be forgotten, and it costs nothing per field (Apollo's cache-control plugin runs a hook for
 * each of a 500-event session's 2,000 fields).
 */
export class RequestCachePolicy {
  private maxAge = Number.POSITIVE_INFINITY;
  private touched = false;

  /** Authenticated with credentials (an API key or a token): the response is `private`, never kept by shared caches. */
  readonly credentialed: boolean;
  /**
   * May read stream secrets (srt.passphrase): nothing it gets may be kept by any cache (`no-store`),
   * and its data never comes from Redis (where secrets are not stored).
   */
  readonly readsSecrets: boolean;

  constructor(options: { credentialed?: boolean; readsSecrets?: boolean } = {}) {
    this.credentialed = options.credentialed ?? false;
    this.readsSecrets = options.readsSecrets ?? false;
  }

  /** An IVS-backed value valid for `seconds` more (0: do not cache). */
  note(seconds: number): void {
    this.touched = true;
    if (seconds < this.maxAge) this.maxAge = seconds;
  }

  /** Seconds the whole response may be cached for; 0 when it may not be. */
  get maxAgeSeconds(): number {
    return this.touched && !this.readsSecrets && Number.isFinite(this.maxAge) ? Math.max(0, Math.floor(this.maxAge)) : 0;
  }

  /** The Cache-Control header, in Apollo's format: `max-age=N, public|private` or `no-store`. */
  header(hasErrors: boolean): string {
    const maxAge = this.maxAgeSeconds;
    if (hasErrors || maxAge <= 0) return 'no-store';
    return `max-age=${maxAge}, ${this.credentialed ? 'private' : 'public'}`;
  }
}
