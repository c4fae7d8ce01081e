/**
 * Path facts the data-safety checks need: the project root, and whether one
 * path is, contains or lies inside another (compared after resolving
 * symlinks, so `corpus/../corpus` or a symlinked folder is caught too).
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The project root: the nearest folder above this module that holds package.json (works from src/ and from a compiled dist/). */
export function projectRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src'))) return (root = dir);
    const up = dirname(dir);
    if (up === dir) return (root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'));
    dir = up;
  }
}

/**
 * The real path of `p`: symlinks resolved in the longest part of it that
 * exists, the rest appended (a path that does not exist yet still compares
 * correctly against folders that do).
 */
export function realPath(p: string): string {
  const abs = resolve(p);
  const tail: string[] = [];
  let head = abs;
  for (;;) {
    try {
      return join(realpathSync(head), ...tail.reverse());
    } catch {
      const up = dirname(head);
      if (up === head) return abs;
      tail.push(head.slice(up.length).replace(/^[/\\]+/u, ''));
      head = up;
    }
  }
}

/** Whether `inner` is `outer` or lies inside it (both taken as given; resolve them first). */
export function within(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
