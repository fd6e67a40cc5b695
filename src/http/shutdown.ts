import type { Logger } from 'pino';

export interface Closable {
  /** Not ready from now on (readiness answers 503), still serving. */
  drain(): void;
  /** Stops accepting connections, lets in-flight requests finish within the grace period, then releases resources. */
  close(): Promise<void>;
}

export interface ShutdownOptions {
  /** SHUTDOWN_GRACE_MS: what close() gives in-flight requests; the watchdog allows this plus a margin. */
  graceMs: number;
  /** SHUTDOWN_DELAY_MS: how long to keep serving, not ready, before close() (0: close at once). */
  delayMs?: number;
  /** Where signals come from and how to exit (the process by default; tests pass their own). */
  signals?: Pick<NodeJS.EventEmitter, 'once'>;
  exit?: (code: number) => void;
}

// Time for releasing clients and sockets after the grace period, before the watchdog gives up.
const CLOSE_MARGIN_MS = 5_000;

/**
 * On SIGTERM or SIGINT: readiness turns 503 at once, the gateway keeps serving for SHUTDOWN_DELAY_MS
 * (so Kubernetes removes the pod from its endpoints before connections are refused), then stops
 * accepting, lets in-flight requests finish (at most SHUTDOWN_GRACE_MS, then their connections are
 * closed), exit 0. A second signal, a failed close or a shutdown that hangs past delay + grace exits 1.
 */
export function exitOnSignals(app: Closable, logger: Logger, options: ShutdownOptions): void {
  const signals = options.signals ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal while shutting down: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    // Listen again for this signal (the other one still has its first listener): a second signal forces the exit.
    signals.once(signal, () => onSignal(signal));
    const delayMs = options.delayMs ?? 0;
    app.drain();
    logger.info(
      { signal, delayMs, graceMs: options.graceMs },
      delayMs > 0
        ? 'shutting down: not ready; serving for the shutdown delay, then no new connections, finishing in-flight requests'
        : 'shutting down: no new connections, finishing in-flight requests',
    );
    const watchdog = setTimeout(
      () => {
        logger.error({ delayMs, graceMs: options.graceMs }, 'shutdown did not finish in time: exiting');
        exit(1);
      },
      delayMs + options.graceMs + CLOSE_MARGIN_MS,
    );
    watchdog.unref();
    const delayed = new Promise<void>((resolve) => setTimeout(resolve, delayMs));
    delayed
      .then(() => app.close())
      .then(
        () => {
          clearTimeout(watchdog);
          logger.info('shut down');
          exit(0);
        },
        (error: unknown) => {
          clearTimeout(watchdog);
          logger.error({ err: error }, 'shutdown failed');
          exit(1);
        },
      );
  };
  for (const name of ['SIGTERM', 'SIGINT']) signals.once(name, () => onSignal(name));
}
