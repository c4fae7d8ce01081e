/**
 * File-system errors as one line a user can act on: what could not be done to
 * which path, and why, with the errno code for the log-minded. Every CLI and
 * /reindex explain fs failures through this one function.
 */

const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a file stands where a folder should be',
  EISDIR: 'a folder stands where a file should be',
  EEXIST: 'something is already there',
  ENOTEMPTY: 'the folder is not empty',
  ENOENT: 'no such file or folder',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  EIO: 'the disk reported an input/output error',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EBUSY: 'the file or folder is busy',
  EXDEV: 'the paths are on different file systems',
  ETXTBSY: 'the file is busy',
  EAGAIN: 'the resource is temporarily unavailable',
};

const VERBS: Readonly<Record<string, string>> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the folder',
  mkdtemp: 'create a temporary folder in',
  rename: 'rename',
  rm: 'remove',
  rmdir: 'remove',
  unlink: 'remove',
  scandir: 'list the folder',
  stat: 'look at',
  lstat: 'look at',
  access: 'access',
  copyfile: 'copy',
  chmod: 'change the mode of',
  fsync: 'flush',
};

/** Whether `e` is a Node file-system (errno) error. */
export function isFsError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z0-9]+$/u.test((e as NodeJS.ErrnoException).code ?? '');
}

/** The errno code's meaning in a few words ("the disk is full"). */
export function fsReason(code: string): string {
  return REASONS[code] ?? 'a file-system error';
}

/** "cannot create the folder /proc/x: no such file or folder (ENOENT)". */
export function describeFsError(e: NodeJS.ErrnoException & { code: string; dest?: string }): string {
  const verb = e.syscall ? (VERBS[e.syscall] ?? e.syscall) : 'use';
  const where = e.path ? ` ${e.path}${e.dest ? ` to ${e.dest}` : ''}` : '';
  return `cannot ${verb}${where}: ${fsReason(e.code)} (${e.code})`;
}
