/**
 * Process-level handling for the running bot: SIGINT/SIGTERM run `stop` and
 * exit 0 (1 if stopping failed); stopping that takes longer than
 * `deadlineMs` (default 9.5 s, inside the 10 s that systemd, Docker and
 * Kubernetes give before SIGKILL) exits 1 at once, as does a second signal.
 * An unhandled rejection is logged, never fatal.
 */
import type { Logger } from '../log/logger.js';

/** How long stopping may take before the process exits anyway. */
export const SHUTDOWN_DEADLINE_MS = 9500;

export function installProcessHandlers(options: { log: Logger; stop: () => Promise<void>; deadlineMs?: number }): void {
  const { log } = options;
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'unhandled promise rejection (carrying on)');
  });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn({ signal }, 'second signal while shutting down: exiting now');
      process.exit(1);
    }
    stopping = true;
    const started = performance.now();
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error({ signal, ms: Math.round(performance.now() - started) }, 'shutting down took too long: exiting now');
      process.exit(1);
    }, options.deadlineMs ?? SHUTDOWN_DEADLINE_MS);
    force.unref();
    options
      .stop()
      .then(
        () => {
          log.info({ ms: Math.round(performance.now() - started) }, 'stopped');
          process.exitCode = 0;
        },
        (err: unknown) => {
          log.error({ err }, 'error while shutting down');
          process.exitCode = 1;
        },
      )
      .finally(() => {
        // pino writes synchronously to stdout/stderr; exit now rather than wait for stray handles.
        process.exit();
      });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
