/**
 * Loading index/ into memory, with every file checked: the manifest and the
 * JSON files by zod, all files by their sha256 in the manifest. Also the
 * staleness check against corpus/ and the configured embedder.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import type { z } from 'zod';
import type { Chunk, Citation } from '../chunk/chunk.js';
import { CHUNKER_VERSION } from '../chunk/chunk.js';
import { loadCorpus } from '../corpus/corpus.js';
import { PARSER_VERSION, splitSentences, type Document, type Paragraph } from '../document/index.js';
import { hashFile } from './hash.js';
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

function readChecked(dir: string, name: string, manifest: Manifest | null): Buffer {
  const path = join(dir, name);
  if (!existsSync(path)) throw new IndexError(`index file ${path} is missing: ${REBUILD_HINT}`);
  const data = readFileSync(path);
  const expected = manifest?.files[name];
  if (manifest && !expected) throw new IndexError(`index file ${name} is not in the manifest: ${REBUILD_HINT}`);
  if (expected && createHash('sha256').update(data).digest('hex') !== expected) {
    throw new IndexError(`index file ${path} is corrupt (checksum mismatch): ${REBUILD_HINT}`);
  }
  return data;
}

/** Like readChecked, without keeping the file: hashes it in 8 MB slices. */
function checkHashStreaming(dir: string, name: string, manifest: Manifest): void {
  const path = join(dir, name);
  if (!existsSync(path)) throw new IndexError(`index file ${path} is missing: ${REBUILD_HINT}`);
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
  const manifest = parseJson(readChecked(resolved, 'manifest.json', null), 'manifest.json', ManifestSchema);
  if (manifest.format !== INDEX_FORMAT) throw new IndexError(`index format ${manifest.format} is not supported: ${REBUILD_HINT}`);
  return manifest;
}

/** The index folder, or the folder a build left aside mid-swap if the index itself is missing. */
function resolveIndexDir(dir: string): string | null {
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  if (existsSync(join(`${dir}.old`, 'manifest.json'))) return `${dir}.old`;
  return null;
}

/** Loads index/ in one go (see loadIndexSteps). */
export function loadIndex(dir: string): LoadedIndex {
  const steps = loadIndexSteps(dir);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Loads index/, yielding to the event loop between steps (files, each parse,
 * the graph), so a process that serves questions meanwhile (the bot taking
 * in a rebuilt index) stalls for one step at a time, not the whole load.
 */
export async function loadIndexAsync(dir: string): Promise<LoadedIndex> {
  const steps = loadIndexSteps(dir);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The load as steps: the generator yields between them and returns the index. */
function* loadIndexSteps(dir: string): Generator<void, LoadedIndex, void> {
  const resolved = resolveIndexDir(dir);
  if (!resolved) throw new IndexError(`no index at ${dir}: ${REBUILD_HINT}`);
  const manifest = readManifest(dir);
  // Every file is read and checked once, before any is parsed; vectors.hnsw
  // (which hnswlib reads by path) is only hashed, in slices.
  const files = new Map<string, Buffer>();
  for (const name of INDEX_FILES) {
    if (name === 'manifest.json') continue;
    if (name === 'vectors.hnsw') checkHashStreaming(resolved, name, manifest);
    else files.set(name, readChecked(resolved, name, manifest));
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

/** Why an index does not match the corpus, code or embedder, if it does not. */
export function staleness(manifest: Manifest, options: { corpusDir: string | null; embedderId: string | null }): string[] {
  const problems: string[] = [];
  if (options.embedderId !== null && manifest.embedder.id !== options.embedderId) {
    problems.push(`the index was built with embedder ${manifest.embedder.id} but ${options.embedderId} is configured`);
  }
  if (manifest.parserVersion !== PARSER_VERSION) problems.push(`the parser changed (${manifest.parserVersion} → ${PARSER_VERSION})`);
  if (manifest.chunkerVersion !== CHUNKER_VERSION) problems.push(`the chunker changed (${manifest.chunkerVersion} → ${CHUNKER_VERSION})`);
  if (manifest.retrievalVersion !== RETRIEVAL_VERSION) problems.push(`the retrieval format changed (${manifest.retrievalVersion} → ${RETRIEVAL_VERSION})`);
  if (options.corpusDir !== null) {
    let reports: ReturnType<typeof loadCorpus> = [];
    try {
      reports = loadCorpus(options.corpusDir);
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
    const indexed = new Map(manifest.corpus.map((c) => [c.file, c]));
    for (const r of reports) {
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
export function assertFresh(manifest: Manifest, options: { corpusDir: string | null; embedderId: string | null }): void {
  const problems = staleness(manifest, options);
  if (problems.length > 0) throw new IndexError(`the index is stale: ${problems.join('; ')}: ${REBUILD_HINT}`);
}

export type { Document };
