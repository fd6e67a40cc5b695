import { GraphQLError } from 'graphql';
import { ErrorCode } from '../kernel/errors.js';

/**
 * Concurrent requests for the same key share one promise: the first caller (the leader) starts the
 * work, later callers join it until it settles. Process-wide, so it de-duplicates across requests
 * (each request's DataLoader already de-duplicates within it).
 */
export class SingleFlight {
  private readonly flights = new Map<string, Promise<unknown>>();

  /** The promise in flight for `key`, if any. */
  joined<T>(key: string): Promise<T> | undefined {
    return this.flights.get(key) as Promise<T> | undefined;
  }

  /** Runs `work` as the leader for `key` (the caller checked `joined` first). */
  lead<T>(key: string, work: () => Promise<T>): Promise<T> {
    const promise = work().finally(() => {
      if (this.flights.get(key) === promise) this.flights.delete(key);
    });
    this.flights.set(key, promise);
    return promise;
  }

  /** Registers a result that the caller will settle itself (for batches: one deferred per key). */
  begin<T>(key: string): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
    const deferred = Promise.withResolvers<T>();
    const promise = deferred.promise.finally(() => {
      if (this.flights.get(key) === promise) this.flights.delete(key);
    });
    // A deferred nobody joined must not surface as an unhandled rejection; the leader awaits `deferred.promise`.
    promise.catch(() => undefined);
    this.flights.set(key, promise);
    return { promise: deferred.promise, resolve: deferred.resolve, reject: deferred.reject };
  }
}

/**
 * Codes that describe the request that led a shared call rather than IVS's answer: a follower that
 * receives one of these does not share it but makes the call itself (with its own budget).
 */
const LEADER_SCOPED_CODES = new Set<string>([ErrorCode.INTERNAL_SERVER_ERROR, 'LIMIT_EXCEEDED', 'UNAUTHENTICATED']);

/** Whether a leader's failure is an answer about the key (shared with followers) or about the leader's request. */
export function isSharedOutcome(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  const code = error.extensions.code;
  return typeof code === 'string' && !LEADER_SCOPED_CODES.has(code);
}
