/**
 * Loading index/ into memory, with every file checked: the manifest and the
 * JSON files by zod, all files by their sha256 in the manifest. Also the
 * staleness check against corpus/ and the configured embedder.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import hnswlib from 'hnswlib-node';
import type { z } from 'zod';
import type { Chunk, Citation } from '../chunk/chunk.js';
import { CHUNKER_VERSION } from '../chunk/chunk.js';
import { scanCorpus, type CorpusScan } from '../corpus/corpus.js';
import { PARSER_VERSION, splitSentences, type Document, type Paragraph } from '../document/index.js';
import { hashFile } from '../files/hash.js';
import { checkFile, FileCheckError, readCheckedFile } from '../files/read.js';
import { listBeside } from './target.js';
import { fingerprintDifferences, type ConfigFingerprint } from '../embed/fingerprint.js';
import { LexicalHeaderSchema, loadLexical, type LexicalIndex } from './lexical.js';
import {
  ChunksFileSchema,
  DocumentsFileSchema,
  INDEX_FILES,
  INDEX_FORMAT,
  ManifestSchema,
  type Manifest,
  type StoredReport,
} from './schema.js';
import { SentenceVectors } from './vectors.js';
import { RETRIEVAL_VERSION } from './version.js';

/** A missing, corrupt, stale or mismatched index. The message names the fix. */
export class IndexError extends Error {
  override name = 'IndexError';
}

export const REBUILD_HINT = 'run `npm run build-index`';

export interface LoadedIndex {
  /** The folder it was loaded from (for an index validated before its swap, the build's temporary folder; nothing is read from it after loading). */
  dir: string;
  manifest: Manifest;
  /** When the index files were written (the manifest's modification time). */
  builtAt: Date;
  reports: StoredReport[];
  chunks: Chunk[];
  /** Chunk position → the sentence row of its source's first sentence. */
  sentenceRows: number[];
  hnsw: hnswlib.HierarchicalNSW;
  lexical: LexicalIndex;
  sentenceVectors: SentenceVectors;
  dims: number;
}

/** Largest index file read into memory (hnswlib reads vectors.hnsw itself). */
const MAX_INDEX_FILE_BYTES = 2 ** 31;

/** Checks that an index file is a regular file in the folder (never opening a FIFO, a folder or a link out), and returns its path. */
function checkIndexFile(dir: string, name: string): string {
  const path = join(dir, name);
  try {
    checkFile(path, { maxBytes: MAX_INDEX_FILE_BYTES, root: dir, what: 'index file' });
  } catch (e) {
    if (!(e instanceof FileCheckError)) throw e;
    if (!existsSync(path)) throw new IndexError(`index file ${path} is missing: ${REBUILD_HINT}`);
    throw new IndexError(`${e.message}: ${REBUILD_HINT}`);
  }
  return path;
}

function readChecked(dir: string, name: string, manifest: Manifest | null): Buffer {
  const path = checkIndexFile(dir, name);
  let data: Buffer;
  try {
    data = readCheckedFile(path, { maxBytes: MAX_INDEX_FILE_BYTES, root: dir, what: 'index file' });
  } catch (e) {
    if (e instanceof FileCheckError) throw new IndexError(`${e.message}: ${REBUILD_HINT}`);
    throw e;
  }
  const expected = manifest?.files[name];
  if (manifest && !expected) throw new IndexError(`index file ${name} is not in the manifest: ${REBUILD_HINT}`);
  if (expected && createHash('sha256').update(data).digest('hex') !== expected) {
    throw new IndexError(`index file ${path} is corrupt (checksum mismatch): ${REBUILD_HINT}`);
  }
  return data;
}

/** Like readChecked, without keeping the file: hashes it in 8 MB slices. */
function checkHashStreaming(dir: string, name: string, manifest: Manifest): void {
  const path = checkIndexFile(dir, name);
  const expected = manifest.files[name];
  if (!expected) throw new IndexError(`index file ${name} is not in the manifest: ${REBUILD_HINT}`);
  if (hashFile(path) !== expected) throw new IndexError(`index file ${path} is corrupt (checksum mismatch): ${REBUILD_HINT}`);
}

function parseJson<T>(data: Buffer, name: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(data.toString('utf8'));
  } catch {
    throw new IndexError(`index file ${name} is not valid JSON: ${REBUILD_HINT}`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new IndexError(`index file ${name} has an unexpected format (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'}): ${REBUILD_HINT}`);
  }
  return result.data;
}

export function readManifest(dir: string): Manifest {
  const resolved = resolveIndexDir(dir);
  if (!resolved) throw new IndexError(`no index at ${dir}: ${REBUILD_HINT}`);
  return readManifestIn(resolved);
}

function readManifestIn(resolved: string): Manifest {
  const data = readChecked(resolved, 'manifest.json', null);
  let json: unknown;
  try {
    json = JSON.parse(data.toString('utf8'));
  } catch {
    throw new IndexError(`index file manifest.json is not valid JSON: ${REBUILD_HINT}`);
  }
  const format = typeof json === 'object' && json !== null && 'format' in json ? json.format : undefined;
  if (format !== INDEX_FORMAT) throw new IndexError(`index format ${String(format)} is not supported (this version reads format ${INDEX_FORMAT}): ${REBUILD_HINT}`);
  return parseJson(data, 'manifest.json', ManifestSchema);
}

/**
 * The index folder; or, when it is missing, the previous index that a build
 * killed between the two renames of its swap left aside (index/target.ts).
 */
function resolveIndexDir(dir: string): string | null {
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  const aside = listBeside(resolve(dir)).filter((e) => e.kind === 'old' && existsSync(join(e.path, 'manifest.json')));
  return aside.pop()?.path ?? null;
}

/** The folder's identity: a swap replaces the folder, so its inode changes. */
function folderId(dir: string): string | null {
  try {
    const st = statSync(dir);
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}

/** Loads index/ in one go (see loadIndexSteps). */
export function loadIndex(dir: string): LoadedIndex {
  for (let attempt = 0; ; attempt++) {
    const steps = loadIndexSteps(dir);
    try {
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value;
      }
    } catch (e) {
      if (!(e instanceof SwappedDuringLoad) || attempt >= SNAPSHOT_RETRIES) throw unwrap(e);
      sleepSync(50);
    }
  }
}

/**
 * Loads index/, yielding to the event loop between steps (files, each parse,
 * the graph), so a process that serves questions meanwhile (the bot taking
 * in a rebuilt index) stalls for one step at a time, not the whole load.
 */
export async function loadIndexAsync(dir: string): Promise<LoadedIndex> {
  for (let attempt = 0; ; attempt++) {
    const steps = loadIndexSteps(dir);
    try {
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (e) {
      if (!(e instanceof SwappedDuringLoad) || attempt >= SNAPSHOT_RETRIES) throw unwrap(e);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** How often a load that overlapped a swap is started again on the new index. */
const SNAPSHOT_RETRIES = 3;

/** A load that found the folder replaced under it (a build swapped in a new index meanwhile); `cause` is what the mixed read gave, if anything. */
class SwappedDuringLoad extends Error {
  constructor(readonly original: unknown) {
    super('the index was replaced while it was being loaded');
  }
}

function unwrap(e: unknown): unknown {
  return e instanceof SwappedDuringLoad ? (e.original ?? new IndexError(`the index kept changing while it was loaded: ${REBUILD_HINT}`)) : e;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The load as steps, from one consistent snapshot: the folder's identity is
 * taken first and checked after every step that reads it. A build never
 * changes files in a live index folder, it replaces the folder; so a load
 * whose folder kept its identity read one index, and one that did not (or
 * that failed while the folder changed) is started again on the new one.
 */
function* loadIndexSteps(dir: string): Generator<void, LoadedIndex, void> {
  const resolved = resolveIndexDir(dir);
  if (!resolved) throw new IndexError(`no index at ${dir}: ${REBUILD_HINT}`);
  const id = folderId(resolved);
  const same = (): boolean => folderId(resolved) === id && (resolved === dir || !existsSync(join(dir, 'manifest.json')));
  try {
    const index = yield* loadSnapshot(resolved, same);
    if (!same()) throw new SwappedDuringLoad(null);
    return index;
  } catch (e) {
    if (e instanceof SwappedDuringLoad) throw e;
    if (!same()) throw new SwappedDuringLoad(e);
    throw e;
  }
}

function* loadSnapshot(resolved: string, same: () => boolean): Generator<void, LoadedIndex, void> {
  const manifest = readManifestIn(resolved);
  // Every file is read and checked once, before any is parsed; vectors.hnsw
  // (which hnswlib reads by path) is only hashed, in slices.
  const files = new Map<string, Buffer>();
  for (const name of INDEX_FILES) {
    if (name === 'manifest.json') continue;
    if (name === 'vectors.hnsw') checkHashStreaming(resolved, name, manifest);
    else files.set(name, readChecked(resolved, name, manifest));
    if (!same()) throw new SwappedDuringLoad(null);
    yield;
  }
  const take = (name: string): Buffer => {
    const data = files.get(name);
    files.delete(name); // let the buffer go as soon as it is parsed
    if (!data) throw new IndexError(`index file ${name} is missing: ${REBUILD_HINT}`);
    return data;
  };
  const reports = parseJson(take('documents.json'), 'documents.json', DocumentsFileSchema);
  yield;
  const stored = parseJson(take('chunks.json'), 'chunks.json', ChunksFileSchema);
  yield;
  const lexicalHeader = parseJson(take('lexical.json'), 'lexical.json', LexicalHeaderSchema);
  let lexical: LexicalIndex;
  try {
    lexical = loadLexical(lexicalHeader, take('lexical.bin'));
  } catch (e) {
    throw new IndexError(`index file lexical.bin does not fit lexical.json (${e instanceof Error ? e.message : String(e)}): ${REBUILD_HINT}`);
  }
  if (lexical.documentCount !== stored.length) throw new IndexError(`index files disagree on the number of chunks: ${REBUILD_HINT}`);
  yield;
  const dims = manifest.embedder.dimensions;
  const sentenceVectors = readSentenceVectors(take('sentence-rows.u32'), take('sentence-vectors.f16'), manifest);
  const hnsw = new hnswlib.HierarchicalNSW('cosine', dims);
  try {
    hnsw.readIndexSync(join(resolved, 'vectors.hnsw'));
  } catch {
    throw new IndexError(`index file vectors.hnsw cannot be read: ${REBUILD_HINT}`);
  }
  if (hnsw.getCurrentCount() !== stored.length || stored.length !== manifest.counts.chunks) {
    throw new IndexError(`index files disagree on the number of chunks: ${REBUILD_HINT}`);
  }
  hnsw.setEf(Math.min(400, Math.max(64, stored.length)));
  yield;

  const chunks: Chunk[] = stored.map((c) => {
    const report = reports[c.report];
    if (!report) throw new IndexError(`chunk ${c.id} names a missing report: ${REBUILD_HINT}`);
    const doc = report.document;
    let source: { text: string; sentences: { start: number; end: number }[] };
    let citation: Citation;
    if (c.kind === 'body') {
      const p = c.paragraph === null ? undefined : doc.paragraphs[c.paragraph];
      if (!p) throw new IndexError(`chunk ${c.id} names a missing paragraph: ${REBUILD_HINT}`);
      source = p;
      citation = citationOf(report, p, null);
    } else {
      const f = doc.footnotes.find((x) => x.n === c.footnote);
      if (!f) throw new IndexError(`chunk ${c.id} names a missing footnote: ${REBUILD_HINT}`);
      const para = f.paragraph ? doc.paragraphs.find((p) => p.id === f.paragraph) : undefined;
      source = { text: f.text, sentences: sentencesOfFootnote(f.text) };
      citation = { ...citationOf(report, para, f.n), page: f.page };
    }
    const first = source.sentences[c.window.start];
    const last = source.sentences[c.window.end - 1];
    if (!first || !last) throw new IndexError(`chunk ${c.id} has a window outside its source: ${REBUILD_HINT}`);
    return {
      id: c.id,
      kind: c.kind,
      citation,
      sourceText: source.text,
      sentences: source.sentences,
      window: c.window,
      text: source.text.slice(first.start, last.end),
      retrievalText: '',
      footnotes: c.footnotes,
    };
  });
  return {
    dir: resolved,
    manifest,
    builtAt: statSync(join(resolved, 'manifest.json')).mtime,
    reports,
    chunks,
    sentenceRows: stored.map((c) => c.sentenceRow),
    hnsw,
    lexical,
    sentenceVectors,
    dims,
  };
}

/** The sentence vector files as a SentenceVectors, their sizes checked against the manifest. */
function readSentenceVectors(rowsFile: Buffer, vectorsFile: Buffer, manifest: Manifest): SentenceVectors {
  const dims = manifest.embedder.dimensions;
  const { sentences, sentenceVectors } = manifest.counts;
  if (rowsFile.length !== sentences * 4) throw new IndexError(`index file sentence-rows.u32 has the wrong size: ${REBUILD_HINT}`);
  if (vectorsFile.length !== sentenceVectors * dims * 2) throw new IndexError(`index file sentence-vectors.f16 has the wrong size: ${REBUILD_HINT}`);
  // Views on the buffers when aligned (a file this size has a buffer of its own), copies otherwise.
  const rows = rowsFile.byteOffset % 4 === 0 ? new Uint32Array(rowsFile.buffer, rowsFile.byteOffset, sentences) : new Uint32Array(rowsFile.buffer.slice(rowsFile.byteOffset, rowsFile.byteOffset + rowsFile.length));
  const halves =
    vectorsFile.byteOffset % 2 === 0 ? new Uint16Array(vectorsFile.buffer, vectorsFile.byteOffset, vectorsFile.length / 2) : new Uint16Array(vectorsFile.buffer.slice(vectorsFile.byteOffset, vectorsFile.byteOffset + vectorsFile.length));
  try {
    return new SentenceVectors(dims, rows, halves);
  } catch {
    throw new IndexError(`index file sentence-rows.u32 names vectors sentence-vectors.f16 does not hold: ${REBUILD_HINT}`);
  }
}

const sentencesOfFootnote = (text: string): { start: number; end: number }[] => splitSentences(text);

function citationOf(report: StoredReport, p: Paragraph | undefined, footnote: number | null): Citation {
  return {
    document: report.meta.id,
    documentTitle: report.meta.shortTitle,
    sectionPath: p?.sectionPath ?? [],
    page: p?.page ?? 1,
    paragraphId: p?.id ?? null,
    paragraph: p?.ordinal ?? null,
    footnote,
  };
}

export interface FreshnessOptions {
  /** The corpus to compare with; null skips the comparison. */
  corpusDir: string | null;
  /** The configured embedder's fingerprint (embed/fingerprint.ts); null skips the comparison. */
  embedder: ConfigFingerprint | null;
}

/** Why an index does not match the corpus, code or embedder, if it does not. */
export function staleness(manifest: Manifest, options: FreshnessOptions): string[] {
  const problems: string[] = [];
  if (options.embedder !== null) {
    const diff = fingerprintDifferences(manifest.embedder, options.embedder);
    if (diff.length > 0) problems.push(`the index was built with another embedder setup than the one configured (${diff.join('; ')})`);
  }
  if (manifest.parserVersion !== PARSER_VERSION) problems.push(`the parser changed (${manifest.parserVersion} → ${PARSER_VERSION})`);
  if (manifest.chunkerVersion !== CHUNKER_VERSION) problems.push(`the chunker changed (${manifest.chunkerVersion} → ${CHUNKER_VERSION})`);
  if (manifest.retrievalVersion !== RETRIEVAL_VERSION) problems.push(`the retrieval format changed (${manifest.retrievalVersion} → ${RETRIEVAL_VERSION})`);
  if (options.corpusDir !== null) {
    let scan: CorpusScan = { reports: [], problems: [] };
    try {
      scan = scanCorpus(options.corpusDir);
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
      return problems;
    }
    const indexed = new Map(manifest.corpus.map((c) => [c.file, c]));
    // A file that cannot be read is named with its reason, never reported as gone.
    for (const p of scan.problems) {
      problems.push(`a file in corpus/ cannot be used (fix or remove it): ${p.message}`);
      indexed.delete(p.file);
    }
    for (const r of scan.reports) {
      const c = indexed.get(r.file);
      if (!c) problems.push(`${r.file} is in corpus/ but not in the index`);
      else if (c.sha256 !== r.sha256 || c.metaSha256 !== r.metaSha256) problems.push(`${r.file} changed since the index was built`);
      indexed.delete(r.file);
    }
    for (const file of indexed.keys()) problems.push(`${file} is in the index but no longer in corpus/`);
  }
  return problems;
}

/** Throws an IndexError naming the fix when the index is stale. */
export function assertFresh(manifest: Manifest, options: FreshnessOptions): void {
  const problems = staleness(manifest, options);
  if (problems.length > 0) throw new IndexError(`the index is stale: ${problems.join('; ')}: ${REBUILD_HINT}`);
}

export type { Document };
