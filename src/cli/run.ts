/**
 * The one error boundary of every CLI: known errors print one line and exit 2;
 * commander's usage errors keep their own exit code; anything else prints one
 * line too (the stack only with DEBUG=1) and exits 1.
 */
import { CommanderError } from 'commander';
import { describeFsError, isFsError } from '../files/errors.js';

/** Errors whose message is fit to show a user as it is. */
export class UserError extends Error {
  override name = 'UserError';
}

const USER_ERRORS = new Set([
  'ParseError',
  'CorpusError',
  'UserError',
  'IndexError',
  'ConfigError',
  'QuestionError',
  'ZodError',
  'BuildError',
  'EmbedderLoadError',
  'IndexTargetError',
  'LockBusyError',
  'FileCheckError',
  'ReindexLoadError',
  'MonitoringServerError',
  'StartupError',
  'QuestionSetError',
  'FeedbackError',
  'UnknownReportError',
]);

export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    // A file-system error is the user's to fix (a path, a permission, a full disk): one clear line, exit 2.
    const fs = isFsError(err);
    process.stderr.write(`error: ${fs ? describeFsError(err) : err.message.split('\n')[0]}\n`);
    if (process.env.DEBUG) process.stderr.write(`${err.stack ?? ''}\n`);
    process.exitCode = fs || USER_ERRORS.has(err.name) ? 2 : 1;
  }
}
