/**
 * Where a build may put an index, and the names of what it leaves beside it.
 *
 * A build replaces its target folder wholesale, so the target must be an
 * index or nothing: a folder holding only index files (with a manifest), an
 * empty folder, or no folder yet. Anything else (a file, a folder of other
 * files, the corpus, the project, the working directory or a folder holding
 * any of them) is refused before any work is done, and again just before the
 * swap.
 *
 * Beside the target, in its parent folder, a build keeps:
 *   .<name>.lock                 the build lock (files/lock.ts)
 *   .<name>.tmp-<pid>-<time>     the index being written
 *   .<name>.old-<pid>-<time>     the previous index, between the two renames of the swap
 * The names are parsed against the target's own name, so dashes or dots in
 * it (INDEX_DIR=my-index) cannot be misread.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { projectRoot, realPath, within } from '../files/paths.js';
import { readCheckedFile } from '../files/read.js';
import { INDEX_FILES } from './schema.js';

/** A target a build refuses to replace. */
export class IndexTargetError extends Error {
  override name = 'IndexTargetError';
}

export interface TargetContext {
  corpusDir: string;
  /** Default: the project root (where package.json is). */
  projectRoot?: string;
  /** Default: process.cwd(). */
  cwd?: string;
}

const KNOWN = new Set<string>(INDEX_FILES);

/** Refuses a target the build must not replace (see the module comment). */
export function assertIndexTarget(outDir: string, context: TargetContext): void {
  const target = realPath(outDir);
  const guarded: [string, string][] = [
    ['the corpus folder', realPath(context.corpusDir)],
    ['the project folder', realPath(context.projectRoot ?? projectRoot())],
    ['the working directory', realPath(context.cwd ?? process.cwd())],
  ];
  for (const [what, dir] of guarded) if (target === dir) throw new IndexTargetError(`refusing to write the index to ${outDir}: it is ${what}`);
  for (const [what, dir] of guarded) if (within(dir, target)) throw new IndexTargetError(`refusing to write the index to ${outDir}: it holds ${what} (${dir})`);
  const corpus = guarded[0]?.[1] ?? '';
  if (within(target, corpus)) throw new IndexTargetError(`refusing to write the index to ${outDir}: it lies inside the corpus folder`);

  let st;
  try {
    st = lstatSync(outDir);
  } catch {
    return; // nothing there yet
  }
  if (st.isSymbolicLink()) throw new IndexTargetError(`refusing to write the index to ${outDir}: it is a symbolic link; point the index folder at a real folder`);
  if (!st.isDirectory()) throw new IndexTargetError(`refusing to write the index to ${outDir}: it is a file, not an index folder`);
  const entries = readdirSync(outDir);
  if (entries.length === 0) return;
  const unknown = entries.filter((e) => !KNOWN.has(e));
  if (!entries.includes('manifest.json')) {
    throw new IndexTargetError(`refusing to write the index to ${outDir}: the folder is not an index (no manifest.json) and is not empty`);
  }
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 3).join(', ') + (unknown.length > 3 ? `, and ${unknown.length - 3} more` : '');
    throw new IndexTargetError(`refusing to write the index to ${outDir}: it holds files that are not index files (${shown})`);
  }
  // The manifest must be an index's (of any format version, so an old index can be rebuilt): someone else's
  // manifest.json alone in a folder does not make it an index.
  if (!looksLikeIndexManifest(join(outDir, 'manifest.json'))) {
    throw new IndexTargetError(`refusing to write the index to ${outDir}: its manifest.json is not an index manifest`);
  }
}

/** Whether a file is an index manifest of some format version: JSON with a numeric `format`, `files` and `corpus`. */
function looksLikeIndexManifest(path: string): boolean {
  try {
    const m: unknown = JSON.parse(readCheckedFile(path, { maxBytes: 16 * 1024 * 1024, what: 'manifest' }).toString('utf8'));
    if (typeof m !== 'object' || m === null) return false;
    const o = m as Record<string, unknown>;
    return typeof o.format === 'number' && typeof o.files === 'object' && o.files !== null && Array.isArray(o.corpus);
  } catch {
    return false;
  }
}

export type BesideKind = 'tmp' | 'old';

export interface BesideEntry {
  kind: BesideKind;
  pid: number;
  time: number;
  path: string;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/** The path of a new temporary or set-aside folder for `target`. */
export function besidePath(target: string, kind: BesideKind, time = Date.now()): string {
  return join(dirname(target), `.${basename(target)}.${kind}-${process.pid}-${time}`);
}

/**
 * The temporary and set-aside folders of `target` in its parent, with their
 * owners' pids. Also finds the temporary folders of earlier versions of this
 * program (".<name>-tmp-<pid>-<time>").
 */
export function listBeside(target: string): BesideEntry[] {
  const parent = dirname(target);
  const name = escape(basename(target));
  const current = new RegExp(`^\\.${name}\\.(tmp|old)-(\\d+)-(\\d+)$`, 'u');
  const legacy = new RegExp(`^\\.${name}-tmp-(\\d+)-(\\d+)$`, 'u');
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const out: BesideEntry[] = [];
  for (const n of names) {
    const m = current.exec(n);
    if (m) out.push({ kind: m[1] as BesideKind, pid: Number(m[2]), time: Number(m[3]), path: join(parent, n) });
    const l = legacy.exec(n);
    if (l) out.push({ kind: 'tmp', pid: Number(l[1]), time: Number(l[2]), path: join(parent, n) });
  }
  return out.sort((a, b) => a.time - b.time || a.pid - b.pid);
}
