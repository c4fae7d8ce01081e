/**
 * A lock file beside a folder that one process at a time may rewrite (the
 * index): `open(O_EXCL)` of `<parent>/.<name>.lock`, holding the owner's pid,
 * host and start time as JSON, touched every 30 s while held. A lock whose
 * owner is gone (same host, pid no longer running), or that nobody has
 * touched for five minutes (its holder on another host gone, or its pid
 * reused), or that cannot be read and is older than a minute, is stale and
 * taken over. A second process waits for a live lock up to its
 * timeout, then gives up with a LockBusyError naming the holder.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';

/** Another live process holds the lock. */
export class LockBusyError extends Error {
  override name = 'LockBusyError';
}

const LockInfoSchema = z.strictObject({ pid: z.number().int().positive(), host: z.string(), started: z.string() });
type LockInfo = z.infer<typeof LockInfoSchema>;

export interface LockOptions {
  /** How long to wait for a live holder, in ms (0: do not wait). */
  timeoutMs: number;
  /** Called once when the lock is busy and the wait begins. */
  onWait?: (holder: LockInfo) => void;
  /** Poll interval while waiting. Default 200 ms. */
  pollMs?: number;
}

export interface HeldLock {
  readonly path: string;
  release(): void;
}

/** The lock file guarding `target`: `<parent>/.<name>.lock`. */
export function lockPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.lock`);
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockInfo | null {
  try {
    const parsed = LockInfoSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** How often a held lock's file is touched, showing its holder is still at work. */
export const HEARTBEAT_MS = 30_000;
/** A lock not touched for this long is abandoned, whoever it names (ten heartbeats missed). */
export const ABANDONED_MS = 10 * HEARTBEAT_MS;

function ageOf(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
}

/**
 * Whether the lock at `path` is stale: its holder is gone (same host, pid not running), or the lock has not been
 * touched for ABANDONED_MS (a holder on another host, such as a container since replaced, or a pid reused by an
 * unrelated process: neither touches it), or it is unreadable and over a minute old.
 */
function isStale(path: string, holder: LockInfo | null): boolean {
  const age = ageOf(path);
  if (holder) return (holder.host === hostname() && !processAlive(holder.pid)) || age > ABANDONED_MS;
  return age > 60_000; // a lock being written right now is not stale yet
}

function inodeOf(path: string): number | null {
  try {
    return statSync(path).ino;
  } catch {
    return null;
  }
}

function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    const info: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
    writeSync(fd, JSON.stringify(info));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Takes the lock on `target`, waiting for a live holder up to the timeout. */
export async function acquireLock(target: string, options: LockOptions): Promise<HeldLock> {
  const path = lockPathFor(target);
  const deadline = Date.now() + options.timeoutMs;
  let told = false;
  for (;;) {
    if (tryCreate(path)) break;
    const seen = inodeOf(path);
    const holder = readHolder(path);
    if (holder?.pid === process.pid && holder.host === hostname()) {
      throw new LockBusyError(`${target} is already being rebuilt by this process`);
    }
    if (isStale(path, holder)) {
      // Remove the very file judged stale, not a fresh lock another process put in its place meanwhile.
      if (seen !== null && inodeOf(path) === seen) {
        try {
          unlinkSync(path);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }
      continue;
    }
    const who = holder ? `another build (pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}, since ${holder.started})` : 'another build';
    if (Date.now() >= deadline) throw new LockBusyError(`${who} is rebuilding ${target}; try again when it has finished`);
    if (!told && holder) {
      told = true;
      options.onWait?.(holder);
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 200));
  }
  let released = false;
  // The heartbeat: the lock's file touched while it is held (unref'd: it never keeps the process alive).
  const heartbeat = setInterval(() => {
    try {
      const now = new Date();
      if (readHolder(path)?.pid === process.pid) utimesSync(path, now, now);
    } catch {
      // gone or taken over: nothing to touch
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    path,
    release(): void {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      // Only our own lock: a lock taken over as stale by another process is theirs now.
      if (readHolder(path)?.pid === process.pid) {
        try {
          unlinkSync(path);
        } catch {
          // gone already
        }
      }
    },
  };
}
