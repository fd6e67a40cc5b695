/**
 * Runs `task` with a signal that aborts after `ms` (a TimeoutError) or when `outer` aborts. The timer
 * is cleared as soon as the task settles: a pending AbortSignal.timeout would keep the signal, and
 * every listener the HTTP client left on it, alive until it fires.
 */
export async function withTimeout<T>(ms: number, outer: AbortSignal | undefined, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const own = new AbortController();
  const timer = setTimeout(() => own.abort(new DOMException(`No answer within ${ms} ms.`, 'TimeoutError')), ms);
  try {
    return await task(outer ? AbortSignal.any([own.signal, outer]) : own.signal);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A request's deadline: a signal that aborts after `ms` with a TimeoutError, and `release` to clear
 * the timer as soon as the request is done (a pending timer would keep the signal, and whatever
 * listens to it, alive for the whole period).
 */
export function requestDeadline(ms: number): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`The request deadline of ${ms} ms passed.`, 'TimeoutError')), ms);
  timer.unref();
  return { signal: controller.signal, release: () => clearTimeout(timer) };
}
