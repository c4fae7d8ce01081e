/**
 * Whole-file writes that never leave a half-written file: the text goes to a
 * temporary file beside the target (same folder, so the same file system),
 * is flushed, and is then put in place in one step. A write killed midway
 * leaves at most the temporary file (`.<name>.tmp-<pid>-<random>`), never a
 * truncated target.
 *
 * - `replace: true` renames over the target (rename(2) is atomic): for files
 *   the caller owns, such as the settings store.
 * - `replace: false` links into place (link(2) fails with EEXIST when the
 *   target exists, even one that appeared meanwhile): for files that must
 *   never be overwritten, such as an export or a generated secret. The
 *   caller gets a FileExistsError.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isFsError } from './errors.js';

/** The target of a `replace: false` write already exists; nothing was written. */
export class FileExistsError extends Error {
  override name = 'FileExistsError';
  readonly code = 'EEXIST';
  constructor(readonly path: string) {
    super(`${path} already exists`);
  }
}

export interface AtomicWriteOptions {
  /** Rename over an existing target (true), or refuse one with FileExistsError (false). */
  replace: boolean;
  /** Permission bits of a new file (default 0o644). */
  mode?: number;
}

export function writeFileAtomic(path: string, text: string, options: AtomicWriteOptions): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  let fd: number;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, options.mode ?? 0o644);
  } catch (e) {
    // Named by the file asked for, not by the hidden temporary beside it: "cannot open /x/out.json: permission denied".
    if (isFsError(e)) e.path = path;
    throw e;
  }
  let placed = false;
  try {
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (options.replace) {
      renameSync(tmp, path);
      placed = true;
    } else {
      try {
        linkSync(tmp, path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(path);
        throw e;
      }
    }
  } finally {
    if (!placed) rmSync(tmp, { force: true });
  }
}
