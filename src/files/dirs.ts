/** Creating folders. */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Creates `dir` and its missing parents, like `mkdirSync(dir, { recursive: true })`.
 * Hand-written because Node's recursive mkdir loops for ever where a parent
 * exists but refuses new entries with ENOENT (under /proc, seen on Node 20);
 * here each level is created once and the first failure is thrown as it is.
 */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    try {
      if (statSync(d).isDirectory()) break;
      // A file in the way: mkdir below reports it (ENOTDIR / EEXIST).
      missing.push(d);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      missing.push(d);
      if (dirname(d) === d) break;
    }
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && statSync(d).isDirectory()) continue;
      throw e;
    }
  }
}
