/**
 * The feedback store: an append-only JSON Lines file (FEEDBACK_FILE, default
 * <DATA_DIR>/feedback.jsonl) and the secret of its dedupe keys.
 *
 * - Each vote is one line written with one write(2) on a file opened with
 *   O_APPEND, kept under MAX_LINE_BYTES (below PIPE_BUF), so concurrent
 *   writers never interleave and a crash loses at most the line in flight.
 *   Nothing here ever rewrites or deletes a line.
 * - Reading tolerates malformed lines (a torn last line, a hand edit): they
 *   are skipped and counted, and reported in one line; reading never throws
 *   on content.
 * - The dedupe key is HMAC-SHA256(secret, "<user id>:<answer id>"). The secret
 *   is FEEDBACK_SECRET, or else <DATA_DIR>/feedback.secret, generated once:
 *   written to a temporary file (mode 0600) and linked into place, which
 *   fails if one is already there (O_EXCL semantics), so it is created whole
 *   and never overwritten.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { FileExistsError, writeFileAtomic } from '../files/write.js';
import { dirname } from 'node:path';
import { ensureDir } from '../files/dirs.js';
import { FileCheckError, readCheckedFile } from '../files/read.js';
import { describeFsError, isFsError } from '../files/errors.js';
import { FeedbackRecordSchema, type FeedbackRecord } from './record.js';

/** A record line is kept under this many bytes (PIPE_BUF is 4,096 on Linux). */
export const MAX_LINE_BYTES = 4000;
/** Least length of FEEDBACK_SECRET. */
export const SECRET_MIN_LENGTH = 16;
const SECRET_FILE_PATTERN = /^[0-9a-f]{64}$/u;

/** A feedback store problem; the message is one line naming the file. */
export class FeedbackError extends Error {
  override name = 'FeedbackError';
}

export interface FeedbackSettings {
  /** The JSONL file. */
  file: string;
  /** FEEDBACK_SECRET, when set. */
  secret: string | undefined;
  /** Where the generated secret is kept when FEEDBACK_SECRET is unset. */
  secretFile: string;
}

export interface FeedbackRead {
  records: FeedbackRecord[];
  /** 1-based numbers of the lines that are not records. */
  malformed: number[];
  /** Whether the file ends in the middle of a line. */
  tornTail: boolean;
}

/** Reads a feedback file; a missing file reads as empty. Throws FeedbackError only when it cannot be read at all. */
export function readFeedback(file: string): FeedbackRead {
  if (!existsSync(file)) return { records: [], malformed: [], tornTail: false };
  const text = readText(file, 'feedback file');
  const records: FeedbackRecord[] = [];
  const malformed: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      malformed.push(i + 1);
      return;
    }
    const r = FeedbackRecordSchema.safeParse(data);
    if (r.success) records.push(r.data);
    else malformed.push(i + 1);
  });
  return { records, malformed, tornTail: text.length > 0 && !text.endsWith('\n') };
}

/** One line about the malformed lines of a read, or null when there are none. */
export function malformedNote(file: string, read: Pick<FeedbackRead, 'malformed'>): string | null {
  const n = read.malformed.length;
  if (n === 0) return null;
  const shown = read.malformed.slice(0, 10).join(', ');
  return `${file}: skipped ${n} malformed line${n === 1 ? '' : 's'} (line${n === 1 ? '' : 's'} ${shown}${n > 10 ? ', …' : ''})`;
}

/** Cuts `text` to at most `max` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max).replace(/[\uD800-\uDBFF]$/u, '');
}

/**
 * The record as one JSON line (with "\n") under MAX_LINE_BYTES: quote texts
 * are shortened first (each stays a verbatim prefix, marked `truncated`),
 * then the last quotes dropped, then the comment and the question shortened.
 */
export function recordLine(input: FeedbackRecord): string {
  let r: FeedbackRecord = FeedbackRecordSchema.parse(input);
  const size = (x: FeedbackRecord): number => Buffer.byteLength(`${JSON.stringify(x)}\n`, 'utf8');
  for (let max = 300; size(r) > MAX_LINE_BYTES && max >= 50; max = Math.floor(max / 2)) {
    r = { ...r, quotes: r.quotes.map((q) => (q.text.length > max ? { ...q, text: cut(q.text, max), truncated: true } : q)) };
  }
  while (size(r) > MAX_LINE_BYTES && r.quotes.length > 1) r = { ...r, quotes: r.quotes.slice(0, -1) };
  if (size(r) > MAX_LINE_BYTES && r.comment) r = { ...r, comment: cut(r.comment, 100) };
  for (let max = 500; size(r) > MAX_LINE_BYTES && max >= 50; max = Math.floor(max / 2)) r = { ...r, question: cut(r.question, max) };
  return `${JSON.stringify(r)}\n`;
}

/** Reads the generated secret, or creates it once (never overwriting one). */
export function loadOrCreateSecret(path: string): string {
  const existing = readSecretFile(path);
  if (existing !== null) return existing;
  ensureDir(dirname(path));
  const secret = randomBytes(32).toString('hex');
  try {
    // A secret made meanwhile by another process wins, whole.
    writeFileAtomic(path, `${secret}\n`, { replace: false, mode: 0o600 });
    return secret;
  } catch (e) {
    if (!(e instanceof FileExistsError)) throw e;
    const theirs = readSecretFile(path);
    if (theirs === null) throw new FeedbackError(`${path} vanished while it was being created`);
    return theirs;
  }
}

/**
 * A file of the store through the one checked reader (files/read.ts): a
 * regular file, never a FIFO that would hang the bot at start. No size limit
 * beyond the checked reader's own: the store grows for as long as people vote.
 */
function readText(path: string, what: string): string {
  try {
    return readCheckedFile(path, { maxBytes: Number.MAX_SAFE_INTEGER, what }).toString('utf8');
  } catch (e) {
    throw new FeedbackError(e instanceof FileCheckError ? e.message : isFsError(e) ? describeFsError(e) : `cannot read ${path}`);
  }
}

function readSecretFile(path: string): string | null {
  if (!existsSync(path)) return null;
  const secret = readText(path, 'feedback secret').trim();
  if (!SECRET_FILE_PATTERN.test(secret)) throw new FeedbackError(`${path} is not a feedback secret (64 hex digits); fix it or move it away (it is never overwritten)`);
  return secret;
}

/** What `record` did with a vote. */
export type RecordOutcome = 'recorded' | 'duplicate';

/**
 * The bot's handle on the store: dedupe keys of every vote on file (read on
 * first use), and appends. Single-threaded: a check and its append happen in
 * one synchronous step, so two clicks cannot both be recorded.
 */
export class FeedbackStore {
  private keys: Set<string> | null = null;
  private secret: string | null = null;
  private tornTail = false;

  constructor(
    readonly settings: FeedbackSettings,
    private readonly onMalformed: (note: string) => void = () => undefined,
  ) {}

  /** The dedupe key of `userId` voting on `answerId`. */
  keyFor(userId: string, answerId: string): string {
    this.secret ??= this.settings.secret ?? loadOrCreateSecret(this.settings.secretFile);
    return createHmac('sha256', this.secret).update(`${userId}:${answerId}`, 'utf8').digest('hex');
  }

  /** Whether a vote with this key is on file. */
  has(key: string): boolean {
    return this.loaded().has(key);
  }

  /** Appends the record unless its key is on file already. */
  record(record: FeedbackRecord): RecordOutcome {
    const keys = this.loaded();
    if (keys.has(record.key)) return 'duplicate';
    const line = recordLine(record);
    ensureDir(dirname(this.settings.file));
    const fd = openSync(this.settings.file, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND, 0o600);
    try {
      // A torn last line (a crash mid-write) is ended first, so this line stays whole.
      writeSync(fd, this.tornTail ? `\n${line}` : line);
      this.tornTail = false;
    } finally {
      closeSync(fd);
    }
    keys.add(record.key);
    return 'recorded';
  }

  /** A readiness problem ("the feedback store … is not writable"), or null. */
  problem(): string | null {
    const file = this.settings.file;
    try {
      if (existsSync(file)) {
        if (!statSync(file).isFile()) throw new Error('not a file');
        accessSync(file, constants.W_OK);
        return null;
      }
      // Not there yet: the nearest existing folder above it must take new entries.
      let dir = dirname(file);
      while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
      if (!statSync(dir).isDirectory()) throw new Error('not a folder');
      accessSync(dir, constants.W_OK);
      return null;
    } catch {
      return `the feedback store ${file} is not writable`;
    }
  }

  private loaded(): Set<string> {
    if (!this.keys) {
      const read = readFeedback(this.settings.file);
      const note = malformedNote(this.settings.file, read);
      if (note) this.onMalformed(note);
      this.tornTail = read.tornTail;
      this.keys = new Set(read.records.map((r) => r.key));
    }
    return this.keys;
  }
}
