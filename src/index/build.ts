/**
 * corpus/ → index/: parse every report, chunk it, embed its sentences (through
 * the cache), and write the index files. The build writes into a temporary
 * folder beside the target, validates what it wrote by loading it and running
 * a sample query, and only then swaps it into place: a failed or killed build
 * leaves the previous index as it was.
 *
 * Deterministic: the same corpus, code and embedder give byte-identical files
 * (no timestamps; hnswlib is seeded and fed in a fixed order).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import hnswlib from 'hnswlib-node';
import { chunkDocument, CHUNKER_VERSION, embeddingText, type Chunk } from '../chunk/chunk.js';
import { CorpusError, loadCorpus, type CorpusReport } from '../corpus/corpus.js';
import { parseSource, ParseError, PARSER_VERSION, type Document } from '../document/index.js';
import type { Embedder } from '../embed/types.js';
import type { EmbedderPool } from '../embed/pool.js';
import { fingerprintKey } from '../embed/fingerprint.js';
import { ensureDir } from '../files/dirs.js';
import { describeFsError, isFsError } from '../files/errors.js';
import { acquireLock, processAlive } from '../files/lock.js';
import { assertIndexTarget, besidePath, listBeside } from './target.js';
import { EmbeddingCache } from './cache.js';
import { hashFile } from '../files/hash.js';
import { buildLexical } from './lexical.js';
import { SentenceVectors, writeHalf } from './vectors.js';
import { INDEX_FORMAT, type Manifest, type StoredChunk, type StoredReport } from './schema.js';
import { RETRIEVAL_VERSION } from './version.js';

export const HNSW = { m: 16, efConstruction: 200, seed: 42 } as const;

export interface BuildProgress {
  /** Called once the number of texts to embed is known. */
  start(total: number): void;
  /** Called as texts are embedded (computed or reused). */
  update(done: number): void;
  stop(): void;
}

export interface BuildOptions {
  corpusDir: string;
  outDir: string;
  embedder: Embedder;
  /** Cache folder for embeddings; null disables the cache. */
  cacheDir: string | null;
  log?: (message: string) => void;
  progress?: BuildProgress;
  /**
   * Worker threads for embedding many texts (embed/pool.ts), made only when at
   * least POOL_MIN_TEXTS texts need embedding. Unset: the embedder embeds them
   * one by one in this thread.
   */
  pool?: () => Promise<EmbedderPool>;
  /** Fewest texts to embed before the pool is used. Default POOL_MIN_TEXTS. */
  poolMinTexts?: number;
  /** How long to wait for another build of the same index to finish, in ms. Default 10 minutes. */
  lockTimeoutMs?: number;
  /** Called after the files are written to the temporary folder and before the swap (tests use it to simulate a crash). */
  beforeSwap?: (tmpDir: string) => void | Promise<void>;
  /** Validates the written index before the swap (by loading it and running a sample query). */
  validate?: (tmpDir: string) => Promise<unknown>;
}

export interface BuildResult {
  manifest: Manifest;
  reused: number;
  computed: number;
  corruptCacheEntries: number;
  seconds: number;
  /** The parser's warnings, by report. */
  warnings: { report: string; warning: string }[];
  /** Things that went wrong without failing the build (an unwritable cache, a previous index that could not be removed). */
  notices: string[];
}

/** A build that could not finish; the previous index is untouched. */
export class BuildError extends Error {
  override name = 'BuildError';
}

export const DEFAULT_LOCK_TIMEOUT_MS = 10 * 60_000;
/** Fewest texts to embed for which worker threads are worth starting (each loads the model: about a second). */
export const POOL_MIN_TEXTS = 400;

export async function buildIndex(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const outDir = resolve(options.outDir);
  const log = options.log ?? (() => undefined);
  const target = { corpusDir: options.corpusDir };
  assertIndexTarget(outDir, target);
  ensureDir(dirname(outDir));
  const lock = await acquireLock(outDir, {
    timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
    onWait: (holder) => log(`another build (pid ${holder.pid}) is writing ${outDir}; waiting for it to finish`),
  });
  const notices: string[] = [];
  try {
    recoverAndClean(outDir, notices);
    const tmpDir = besidePath(outDir, 'tmp');
    mkdirSync(tmpDir);
    try {
      // Everything the build holds (vectors, graph, lexical index, file contents)
      // is unreachable once writeIndex returns, before validation loads the
      // index a second time.
      const written = await writeIndex(options, tmpDir, notices);
      if (options.validate) await options.validate(tmpDir);
      if (options.beforeSwap) await options.beforeSwap(tmpDir);
      assertIndexTarget(outDir, target); // it may have changed while the build ran
      swapInto(tmpDir, outDir, notices);
      for (const n of notices) log(`warning: ${n}`);
      return { ...written, notices, seconds: (performance.now() - started) / 1000 };
    } catch (e) {
      rmSync(tmpDir, { recursive: true, force: true });
      throw e;
    }
  } finally {
    lock.release();
  }
}

/** Parses, chunks, embeds and writes the index files and the manifest into `tmpDir`. */
async function writeIndex(options: BuildOptions, tmpDir: string, notices: string[]): Promise<Omit<BuildResult, 'seconds' | 'notices'>> {
  const log = options.log ?? (() => undefined);
  let reports: CorpusReport[];
  try {
    reports = loadCorpus(options.corpusDir);
  } catch (e) {
    // A corpus that cannot be read fails the build, naming the file at fault.
    if (e instanceof CorpusError || e instanceof ParseError) throw new BuildError(e.message);
    throw e;
  }
  if (reports.length === 0) throw new BuildError(`${options.corpusDir}: no reports (*.pdf or *.txt with a .meta.json beside it)`);

  const parsed: { report: CorpusReport; document: Document }[] = [];
  const warnings: { report: string; warning: string }[] = [];
  for (const report of reports) {
    try {
      const document = await parseSource(report.bytes, report.file);
      parsed.push({ report, document });
      for (const w of document.warnings) warnings.push({ report: report.file, warning: w });
    } catch (e) {
      if (e instanceof ParseError) throw new BuildError(`${report.textPath}: ${e.message.startsWith(`${report.file}: `) ? e.message.slice(report.file.length + 2) : e.message}`);
      throw e;
    }
  }
  log(`parsed ${parsed.length} report${parsed.length === 1 ? '' : 's'}`);

  // Chunks, and the sentences of every quotable source (paragraph or footnote), in order.
  const chunks: Chunk[] = [];
  const stored: StoredChunk[] = [];
  const sentenceTexts: string[] = [];
  const sourceRow = new Map<string, number>();
  for (const [r, { report, document }] of parsed.entries()) {
    const paragraphIndex = new Map(document.paragraphs.map((p, i) => [p.id, i]));
    for (const chunk of chunkDocument(document, report.meta)) {
      const sourceKey = chunk.kind === 'body' ? `${r}:${chunk.citation.paragraphId}` : `${r}:fn${chunk.citation.footnote}`;
      let row = sourceRow.get(sourceKey);
      if (row === undefined) {
        row = sentenceTexts.length;
        sourceRow.set(sourceKey, row);
        for (let s = 0; s < chunk.sentences.length; s++) sentenceTexts.push(embeddingText(chunk, s));
      }
      chunks.push(chunk);
      stored.push({
        id: chunk.id,
        kind: chunk.kind,
        report: r,
        paragraph: chunk.kind === 'body' ? (paragraphIndex.get(chunk.citation.paragraphId ?? '') ?? null) : null,
        footnote: chunk.citation.footnote,
        window: chunk.window,
        sentenceRow: row,
        footnotes: chunk.footnotes,
      });
    }
  }
  log(`${chunks.length} chunks, ${sentenceTexts.length} sentences`);

  // The lexical index first; the retrieval texts are needed for nothing else.
  const hashes = new Map<string, string>();
  const write = (name: string, data: string | Uint8Array): void => {
    writeFileSync(join(tmpDir, name), data);
    hashes.set(name, createHash('sha256').update(data).digest('hex'));
  };
  const lexical = buildLexical(chunks.map((c) => c.retrievalText));
  write('lexical.json', JSON.stringify(lexical.header));
  write('lexical.bin', lexical.binary);
  const chunkCount = chunks.length;
  chunks.length = 0;

  const { embedder } = options;
  const dims = embedder.dimensions;
  const embedded = await embedSentences(sentenceTexts, embedder, options, notices);
  const { vectors, reused, computed, corrupt } = embedded;
  log(`embeddings: ${reused} reused from cache, ${computed} computed${corrupt > 0 ? `, ${corrupt} corrupt cache entries dropped` : ''}`);

  // Chunk vectors: the normalised sum of their sentences' vectors (a footnote's also leans on its carrier sentence),
  // from the vectors as stored, so the retriever's on-demand chunk cosines agree with the graph's.
  const hnsw = new hnswlib.HierarchicalNSW('cosine', dims);
  hnsw.initIndex(Math.max(1, chunkCount), HNSW.m, HNSW.efConstruction, HNSW.seed);
  for (const [i, c] of stored.entries()) {
    const sum = new Float64Array(dims);
    for (let s = c.window.start; s < c.window.end; s++) vectors.addTo(sum, c.sentenceRow + s);
    if (c.kind === 'footnote') {
      const carrier = carrierRow(parsed, c, sourceRow);
      if (carrier !== null) vectors.addTo(sum, carrier, 0.5);
    }
    hnsw.addPoint(normalizeToArray(sum), i);
  }

  const documents: StoredReport[] = parsed.map(({ report, document }) => ({ meta: report.meta, document }));
  write('documents.json', JSON.stringify(documents));
  write('chunks.json', JSON.stringify(stored));
  write('sentence-rows.u32', new Uint8Array(vectors.rows.buffer, vectors.rows.byteOffset, vectors.rows.byteLength));
  write('sentence-vectors.f16', new Uint8Array(vectors.vectors.buffer, vectors.vectors.byteOffset, vectors.vectors.byteLength));
  hnsw.writeIndexSync(join(tmpDir, 'vectors.hnsw'));
  hashes.set('vectors.hnsw', hashFile(join(tmpDir, 'vectors.hnsw')));

  const manifest: Manifest = {
    format: INDEX_FORMAT,
    parserVersion: PARSER_VERSION,
    chunkerVersion: CHUNKER_VERSION,
    retrievalVersion: RETRIEVAL_VERSION,
    embedder: { ...embedder.fingerprint, key: fingerprintKey(embedder.fingerprint) },
    corpus: reports.map((r) => ({ id: r.meta.id, file: r.file, sha256: r.sha256, metaSha256: r.metaSha256 })),
    counts: {
      reports: parsed.length,
      sections: sum(parsed.map((p) => p.document.sections.length)),
      paragraphs: sum(parsed.map((p) => p.document.paragraphs.length)),
      footnotes: sum(parsed.map((p) => p.document.footnotes.length)),
      chunks: chunkCount,
      sentences: sentenceTexts.length,
      sentenceVectors: vectors.distinct,
    },
    hnsw: { ...HNSW },
    files: Object.fromEntries([...hashes.keys()].sort().map((name) => [name, hashes.get(name) ?? ''])),
  };
  writeFileSync(join(tmpDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, reused, computed, corruptCacheEntries: corrupt, warnings };
}

interface EmbeddedSentences {
  vectors: SentenceVectors;
  /** Sentence rows whose vector came from the cache. */
  reused: number;
  /** Distinct texts embedded. */
  computed: number;
  corrupt: number;
}

/**
 * Every sentence's vector, each distinct text's once: from the cache where it
 * holds the text, else embedded. The cache lives only here, so its copy of
 * the vectors is garbage once this returns.
 */
async function embedSentences(texts: readonly string[], embedder: Embedder, options: BuildOptions, notices: string[]): Promise<EmbeddedSentences> {
  const dims = embedder.dimensions;
  if (embedder.fingerprint.dimensions !== dims) throw new BuildError(`embedder ${embedder.id} reports ${dims} dimensions but its fingerprint says ${embedder.fingerprint.dimensions}`);
  const cache = options.cacheDir ? new EmbeddingCache(options.cacheDir, embedder.fingerprint) : null;
  // Distinct texts numbered by first occurrence; each row points at its text's number.
  const numberOf = new Map<string, number>();
  const occurrences: number[] = [];
  const rows = new Uint32Array(texts.length);
  texts.forEach((text, row) => {
    let n = numberOf.get(text);
    if (n === undefined) {
      n = numberOf.size;
      numberOf.set(text, n);
      occurrences.push(0);
    }
    occurrences[n] = (occurrences[n] as number) + 1;
    rows[row] = n;
  });
  const halves = new Uint16Array(numberOf.size * dims);
  const missing: [string, number][] = [];
  let reused = 0;
  for (const [text, n] of numberOf) {
    const v = cache?.get(text);
    if (v) {
      halves.set(v, n * dims);
      reused += occurrences[n] as number;
    } else missing.push([text, n]);
  }
  options.progress?.start(texts.length);
  options.progress?.update(reused);
  let done = reused;
  const store = (n: number, text: string, v: Float32Array | undefined): void => {
    if (!v || v.length !== dims) throw new BuildError(`embedder returned no ${dims}-d vector for a sentence`);
    writeHalf(v, halves, n * dims);
    done += occurrences[n] as number;
    cache?.set(text, halves.slice(n * dims, (n + 1) * dims));
    options.progress?.update(done);
  };
  let pooled = false;
  if (options.pool && missing.length >= (options.poolMinTexts ?? POOL_MIN_TEXTS)) {
    const pool = await options.pool();
    try {
      // A worker must give what this thread gives, bit for bit, or the build would depend on where a text ran.
      const [first] = missing;
      const here = first ? await embedder.embed([first[0]], 'passage') : [];
      const there = first ? await pool.embedEach([first[0]], 'passage') : [];
      if (first && here[0] && there[0] && here[0].every((x, i) => x === there[0]?.[i])) {
        await pool.embedEach(
          missing.map(([text]) => text),
          'passage',
          (i, v) => {
            const [text, n] = missing[i] ?? ['', 0];
            store(n, text, v);
          },
        );
        pooled = true;
      } else notices.push('the embedding workers gave other vectors than this process for the same text; embedded in one thread instead');
    } finally {
      await pool.close();
    }
  }
  // One text per call: a vector then depends on its text alone, not on what it
  // was batched with (padding changes the last bits), so cold and warm builds
  // are byte-identical. Yielding to the event loop after each text keeps a
  // process that also serves questions (the bot during /reindex) answering.
  if (!pooled) {
    for (const [text, n] of missing) {
      const [v] = await embedder.embed([text], 'passage');
      store(n, text, v);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  options.progress?.stop();
  if (cache) {
    cache.retain(numberOf.keys());
    try {
      cache.save();
    } catch (e) {
      // The index does not need the cache: a build that cannot save it still succeeds, and says so.
      notices.push(`the embedding cache could not be saved (${isFsError(e) ? describeFsError(e) : e instanceof Error ? e.message : String(e)}); the next build will embed everything again`);
    }
  }
  return { vectors: new SentenceVectors(dims, rows, halves), reused, computed: missing.length, corrupt: cache?.stats.corrupt ?? 0 };
}

/**
 * Puts `tmpDir` where `outDir` is: the old folder is renamed aside (to a
 * hidden name of this build's own), the new one renamed in, the old one
 * removed. If the second rename fails the old folder is put back. Between the
 * two renames a reader finds the old index aside (see store.ts). Removing
 * the old folder is best effort: the new index is live by then, so a failure
 * there is a notice, not a failed build.
 */
function swapInto(tmpDir: string, outDir: string, notices: string[]): void {
  let aside: string | null = null;
  if (existsSync(outDir)) {
    aside = besidePath(outDir, 'old');
    renameSync(outDir, aside);
  }
  try {
    renameSync(tmpDir, outDir);
  } catch (e) {
    if (aside) renameSync(aside, outDir);
    throw e;
  }
  if (aside) removeBestEffort(aside, 'the previous index', notices);
}

/**
 * Before a build: a previous index left aside by a build killed mid-swap is
 * put back when the index itself is missing, and the leftovers of builds
 * whose process is gone are removed. None of this can fail the build: what
 * cannot be removed is a notice.
 */
function recoverAndClean(outDir: string, notices: string[]): void {
  const leftovers = listBeside(outDir).filter((e) => e.pid === process.pid || !processAlive(e.pid));
  if (!existsSync(outDir)) {
    const restore = leftovers.filter((e) => e.kind === 'old' && existsSync(join(e.path, 'manifest.json'))).pop();
    if (restore) {
      try {
        renameSync(restore.path, outDir);
        notices.push(`restored the index ${outDir} that an interrupted build had left at ${restore.path}`);
      } catch (e) {
        notices.push(`could not restore the index left at ${restore.path} (${isFsError(e) ? describeFsError(e) : String(e)})`);
      }
    }
  }
  for (const e of leftovers) if (existsSync(e.path)) removeBestEffort(e.path, 'a leftover of an interrupted build', notices);
}

function removeBestEffort(path: string, what: string, notices: string[]): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch (e) {
    notices.push(`could not remove ${what} at ${path} (${isFsError(e) ? describeFsError(e) : String(e)}); remove it by hand when convenient`);
  }
}

function carrierRow(parsed: readonly { document: Document }[], c: StoredChunk, sourceRow: ReadonlyMap<string, number>): number | null {
  const doc = parsed[c.report]?.document;
  const f = doc?.footnotes.find((x) => x.n === c.footnote);
  if (!f?.marker) return null;
  const row = sourceRow.get(`${c.report}:${f.marker.paragraph}`);
  return row === undefined ? null : row + f.marker.sentence;
}

function normalizeToArray(v: Float64Array): number[] {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return Array.from(v, (x) => x / norm);
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
