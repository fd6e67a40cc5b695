import type { Principal } from './principal.js';

// setTimeout holds at most 2^31-1 ms (about 24.8 days); a longer delay would fire at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `onExpired` when the principal's credential expires (a JWT's `exp`), for connections that
 * outlive the request that authenticated them. Returns the cancel function; credentials that never
 * expire schedule nothing.
 */
export function whenExpired(principal: Principal, onExpired: () => void): () => void {
  const { expiresAt } = principal;
  if (expiresAt === null) return () => {};
  let timer: NodeJS.Timeout;
  const arm = () => {
    const left = expiresAt - Date.now();
    timer = left > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(onExpired, Math.max(0, left));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}

export function hasExpired(principal: Principal): boolean {
  return principal.expiresAt !== null && principal.expiresAt <= Date.now();
}
