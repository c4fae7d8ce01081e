/** sha256 of files, read in slices so a large file is never held whole. */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

/** Hex sha256 of a file, read in 8 MB slices. */
export function hashFile(path: string): string {
  const hash = createHash('sha256');
  const slice = Buffer.alloc(8 * 1048576);
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, slice); n > 0; n = readSync(fd, slice)) hash.update(slice.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
