/**
 * Process-level handling for the running bot: SIGINT/SIGTERM destroy the
 * client, dispose the embedder and exit 0; an unhandled rejection is logged,
 * never fatal.
 */
import type { Logger } from '../log/logger.js';

export function installProcessHandlers(options: { log: Logger; stop: () => Promise<void> }): void {
  const { log } = options;
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'unhandled promise rejection (carrying on)');
  });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(0), 5000);
    force.unref();
    options
      .stop()
      .catch((err: unknown) => log.error({ err }, 'error while shutting down'))
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
