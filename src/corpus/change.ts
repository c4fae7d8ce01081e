/**
 * A change to the corpus that can be undone until it is committed, even after
 * the process making it was killed: `add-report` puts a report in place, then
 * rebuilds the index; if the rebuild fails, is interrupted or the process is
 * killed, the corpus goes back to what it was.
 *
 * Before anything in the corpus changes, a journal (`.add-report-<pid>.journal.json`,
 * hidden, so no scan of the corpus reads it) records the files the change puts
 * in place, with their sha256, and where each file it replaces was set aside.
 * `undo` removes the files put in place (only while they still hold what was
 * written: a file someone changed since is left alone) and moves the set-aside
 * ones back; `commit` removes the set-aside files and the journal. A journal
 * left by a killed process is undone by `recoverCorpus`, which the commands
 * that change or read the corpus for a build run while holding the corpus lock
 * (so no journal they find can belong to a live change).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../files/write.js';
import { isFsError } from '../files/errors.js';
import { acquireLock, LockBusyError, type HeldLock } from '../files/lock.js';

const JournalSchema = z.strictObject({
  pid: z.number().int(),
  started: z.string(),
  /** Files the change puts in place, with the sha256 of what it writes there. */
  added: z.array(z.strictObject({ path: z.string(), sha256: z.string() })),
  /** Files the change replaces, each moved aside to a hidden name first. */
  aside: z.array(z.strictObject({ original: z.string(), aside: z.string() })),
});
type Journal = z.infer<typeof JournalSchema>;

const JOURNAL = /^\.add-report-\d+\.journal\.json$/u;

export interface CorpusChange {
  /** Keeps the change: the replaced files and the journal go. */
  commit(): void;
  /** Takes the change back: the corpus is as it was before it. */
  undo(): void;
}

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

function fileHash(path: string): string | null {
  try {
    return sha256(readFileSync(path));
  } catch {
    return null;
  }
}

/** Undoes what a journal records; returns what it did, one line each. */
function undoJournal(journal: Journal): string[] {
  const done: string[] = [];
  for (const a of journal.added) {
    const now = fileHash(a.path);
    if (now === null) continue;
    if (now === a.sha256) {
      rmSync(a.path, { force: true });
      done.push(`removed ${a.path}`);
    } else done.push(`left ${a.path} alone: it changed after it was added`);
  }
  for (const s of journal.aside) {
    if (!existsSync(s.aside)) continue;
    if (existsSync(s.original)) {
      done.push(`kept ${s.aside}: ${s.original} exists again`);
      continue;
    }
    renameSync(s.aside, s.original);
    done.push(`restored ${s.original}`);
  }
  return done;
}

/**
 * Starts a change: writes its journal. `added` are the paths the change will
 * put in place with the bytes it will write there; `aside` the files it will
 * move aside (original → hidden name). Nothing in the corpus has moved yet.
 */
export function beginChange(corpusDir: string, added: readonly { path: string; bytes: Uint8Array | string }[], aside: readonly { original: string; aside: string }[]): CorpusChange {
  const journalPath = join(corpusDir, `.add-report-${process.pid}.journal.json`);
  const journal: Journal = { pid: process.pid, started: new Date().toISOString(), added: added.map((a) => ({ path: a.path, sha256: sha256(a.bytes) })), aside: [...aside] };
  writeFileAtomic(journalPath, `${JSON.stringify(journal, null, 2)}\n`, { replace: false });
  let settled = false;
  return {
    commit(): void {
      if (settled) return;
      settled = true;
      for (const s of journal.aside) rmSync(s.aside, { force: true });
      rmSync(journalPath, { force: true });
    },
    undo(): void {
      if (settled) return;
      settled = true;
      undoJournal(journal);
      rmSync(journalPath, { force: true });
    },
  };
}

/**
 * Undoes every change whose process ended before committing it (a killed
 * `add-report`). Call it only while holding the corpus lock. Returns one line
 * per thing done; a journal that cannot be read is left, and said so.
 */
export function recoverCorpus(corpusDir: string): string[] {
  if (!existsSync(corpusDir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(corpusDir).filter((f) => JOURNAL.test(f))) {
    const path = join(corpusDir, name);
    let journal: Journal;
    try {
      journal = JournalSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    } catch {
      out.push(`${path}: an unfinished change's journal that cannot be read; left as it is`);
      continue;
    }
    const done = undoJournal(journal);
    rmSync(path, { force: true });
    out.push(`undid an unfinished add-report (pid ${journal.pid}, ${journal.started})${done.length > 0 ? `: ${done.join('; ')}` : ''}`);
  }
  return out;
}

/** How long add-report waits for another change to the corpus to finish. */
export const CORPUS_LOCK_WAIT_MS = 600_000;

/**
 * Takes the corpus lock (one change to a corpus at a time) and undoes what a
 * killed add-report left (recoverCorpus), logging each line. Waits for a
 * running change, saying so once; the caller releases the lock.
 */
export async function lockCorpus(corpusDir: string, log: (line: string) => void): Promise<HeldLock> {
  const lock = await acquireLock(corpusDir, { timeoutMs: CORPUS_LOCK_WAIT_MS, onWait: (h) => log(`waiting for another change to ${corpusDir} (pid ${h.pid}) to finish…`) });
  try {
    for (const line of recoverCorpus(corpusDir)) log(line);
  } catch (e) {
    lock.release();
    throw e;
  }
  return lock;
}

/**
 * Before a build: undoes what a killed add-report left, unless a change is
 * running now (its own process will finish or undo it) or the corpus cannot
 * be locked at all (a read-only checkout, which has nothing it could undo).
 */
export async function recoverIdleCorpus(corpusDir: string, log: (line: string) => void): Promise<void> {
  const lock = await acquireLock(corpusDir, { timeoutMs: 0 }).catch((e: unknown) => {
    if (e instanceof LockBusyError || isFsError(e)) return null;
    throw e;
  });
  if (!lock) return;
  try {
    for (const line of recoverCorpus(corpusDir)) log(line);
  } finally {
    lock.release();
  }
}
