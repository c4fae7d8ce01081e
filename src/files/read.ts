/**
 * The one checked reader for files that come from outside the program: report
 * texts and PDFs, their metadata, and whatever else a user or an admin puts in
 * corpus/. Every path (parse, add-report, build-index, the bot's /reindex)
 * reads through here, so every path makes the same checks:
 *
 * - a regular file (a folder, FIFO, socket or device is refused, and a FIFO
 *   is never opened for reading, so it cannot hang the reader);
 * - inside `root` when one is given, after resolving symlinks (a symlink in
 *   corpus/ pointing outside it is refused; one pointing inside is followed);
 * - at most `maxBytes`, checked before reading, and never more read than that.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { isFsError, fsReason } from './errors.js';
import { within } from './paths.js';

/** A file that may not or cannot be read. The message is one line, fit for a user, and names the file. */
export class FileCheckError extends Error {
  override name = 'FileCheckError';
}

export interface CheckedReadOptions {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** The folder the file must lie in once symlinks are resolved (e.g. corpus/); unset: anywhere. */
  root?: string;
  /** What the file is, for messages ("report", "metadata file"). Default "file". */
  what?: string;
}

const MB = 1024 * 1024;
const an = (what: string): string => `${/^[aeiou]/iu.test(what) ? 'an' : 'a'} ${what}`;
const size = (n: number): string => (n >= MB ? `${(n / MB).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

/** Stats `path` and checks kind, place and size; returns its size. Throws FileCheckError. */
export function checkFile(path: string, options: CheckedReadOptions): number {
  const what = options.what ?? 'file';
  let link;
  try {
    link = lstatSync(path);
  } catch (e) {
    throw new FileCheckError(`${path}: ${what} not found or not readable${isFsError(e) && e.code !== 'ENOENT' ? ` (${fsReason(e.code)})` : ''}`);
  }
  if (link.isSymbolicLink()) {
    let target: string;
    try {
      target = realpathSync(path);
    } catch {
      throw new FileCheckError(`${path}: a symbolic link to nothing (its target does not exist)`);
    }
    if (options.root !== undefined && !within(target, realpathOr(options.root))) {
      throw new FileCheckError(`${path}: a symbolic link to ${target}, outside ${options.root}; put the file itself there`);
    }
  }
  let st;
  try {
    st = link.isSymbolicLink() ? statSync(path) : link;
  } catch {
    throw new FileCheckError(`${path}: ${what} not found or not readable`);
  }
  if (st.isDirectory()) throw new FileCheckError(`${path} is a directory, not ${an(what)}`);
  if (!st.isFile()) throw new FileCheckError(`${path} is not a regular file (a FIFO, socket or device), not ${an(what)}`);
  if (options.root !== undefined && !link.isSymbolicLink() && !within(realpathOr(path), realpathOr(options.root))) {
    // A path through a symlinked parent folder.
    throw new FileCheckError(`${path}: lies outside ${options.root} once symbolic links are resolved`);
  }
  if (st.size > options.maxBytes) throw new FileCheckError(`${path}: ${what} is ${size(st.size)}, over the ${size(options.maxBytes)} limit`);
  return st.size;
}

/** Reads a file after checkFile's checks; the open is non-blocking and re-checked on the descriptor, so a file swapped for a FIFO meanwhile cannot hang it. */
export function readCheckedFile(path: string, options: CheckedReadOptions): Buffer {
  checkFile(path, options);
  const what = options.what ?? 'file';
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new FileCheckError(`${path}: ${what} cannot be opened${isFsError(e) ? ` (${fsReason(e.code)})` : ''}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new FileCheckError(`${path} is not a regular file, not ${an(what)}`);
    if (st.size > options.maxBytes) throw new FileCheckError(`${path}: ${what} is ${size(st.size)}, over the ${size(options.maxBytes)} limit`);
    // One byte more than fstat said: a file that grows while it is read is caught, never read without bound.
    const buf = Buffer.alloc(st.size + 1);
    let at = 0;
    for (;;) {
      if (at === buf.length) break;
      const n = readSync(fd, buf, at, buf.length - at, null);
      if (n === 0) break;
      at += n;
    }
    if (at > st.size) throw new FileCheckError(`${path}: ${what} changed while it was read; try again`);
    return buf.subarray(0, at);
  } catch (e) {
    if (e instanceof FileCheckError) throw e;
    throw new FileCheckError(`${path}: ${what} cannot be read${isFsError(e) ? ` (${fsReason(e.code)})` : ''}`);
  } finally {
    closeSync(fd);
  }
}

function realpathOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
