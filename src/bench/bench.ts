/**
 * The benchmarks behind `npm run bench` (scripts/bench.ts is their CLI):
 *
 * - the committed index: model load, cold start to first answer, per-query
 *   embedding, search and full ask, index build time (cold and warm cache),
 *   and RSS;
 * - `--reports N`: the same questions at scale, over a synthetic corpus of N
 *   reports varied from corpus/ (src/bench/synthetic.ts) in a temporary
 *   folder: cold build (empty embedding cache), warm build, index size, query
 *   latency in a fresh serving process, and peak RSS of build and serving.
 *   Each build runs in a process of its own, as `npm run build-index` does, so
 *   each peak RSS is one build's (validation included), not the sum of two.
 *
 * Benchmarks, not tests: they print figures and PASS/MISS against targets.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { withProgress } from '../cli/progress.js';
import { UserError } from '../cli/run.js';
import { ensureDir } from '../files/dirs.js';
import { formatSummary, summarize } from './stats.js';
import { generateCorpus, writeCorpus, type BaseReport } from './synthetic.js';
import type { ConfigOf } from '../config/config.js';

/** What the benchmarks read from the configuration. */
type BenchConfig = ConfigOf<'data' | 'embedder'>;
import { loadCorpus } from '../corpus/corpus.js';
import { parseSource } from '../document/index.js';
import { createEmbedder } from '../embed/index.js';
import { Engine, validateIndexDir } from '../engine/engine.js';
import { warmUp } from '../engine/open.js';
import { loadQuestions } from '../eval/eval.js';
import { createEmbedderPool, poolSize } from '../embed/pool.js';
import { buildIndex, type BuildProgress, type BuildResult } from '../index/build.js';
import { lexicalSearch } from '../index/lexical.js';
import { readManifest } from '../index/store.js';
import { analyzeQuery } from '../retrieve/query.js';

const DEV_QUESTIONS = 'tests/fixtures/questions.dev.json';
const MB = 1048576;
/** Targets of the scale benchmark. */
const SCALE_TARGETS = { queryP95Ms: 50, rssBytes: 1024 * MB } as const;

export interface BenchOptions {
  coldRuns: number;
  rounds: number;
  builds: number;
  child?: boolean;
  reports?: number;
  seed: number;
  dir?: string;
  serveChild?: string;
  buildChild?: string;
  corpus?: string;
  cache?: string;
}

/** One cold start, in a fresh process: model load and the first answer. */
export async function coldStartChild(config: BenchConfig): Promise<void> {
  const t0 = performance.now();
  const embedder = await createEmbedder(config.embedder);
  const t1 = performance.now();
  const engine = Engine.open({ indexDir: config.indexDir, corpusDir: config.corpusDir, embedder });
  await engine.ask('What was the turnout?');
  const t2 = performance.now();
  process.stdout.write(`${JSON.stringify({ loadMs: t1 - t0, firstAnswerMs: t2 - t0, rss: process.memoryUsage().rss })}\n`);
}

/**
 * The benchmark of the committed index (`npm run bench` without --reports).
 * Progress (a bar per stage) goes to stderr on a terminal; the table and the
 * checks go to stdout, once.
 */
export async function benchCommitted(config: BenchConfig, opts: BenchOptions): Promise<void> {
  const out: string[] = [];
  const log = (s: string): void => void out.push(s);

  // Cold start, in fresh processes.
  const starts = await withProgress('cold starts', 'processes', opts.coldRuns, () => {
    const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1] ?? '', '--child'], { encoding: 'utf8', env: process.env });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    return JSON.parse(line) as { loadMs: number; firstAnswerMs: number };
  });
  const loads = starts.map((s) => s.loadMs);
  const firsts = starts.map((s) => s.firstAnswerMs);

  // Queries, in this process.
  const embedder = await createEmbedder(config.embedder);
  const engine = Engine.open({ indexDir: config.indexDir, corpusDir: config.corpusDir, embedder });
  const questions = loadQuestions(DEV_QUESTIONS).map((q) => q.question);
  await warmUp(engine); // as the bot warms up (engine/open.ts)
  for (const q of questions.slice(0, 5)) await engine.ask(q); // and a few questions for the JIT
  const embedMs: number[] = [];
  const searchMs: number[] = [];
  const askMs: number[] = [];
  let rss = process.memoryUsage().rss;
  await withProgress('queries', 'rounds', opts.rounds, async () => {
    for (const q of questions) {
      const t0 = performance.now();
      const [v] = await embedder.embed([q], 'query');
      const t1 = performance.now();
      embedMs.push(t1 - t0);
      if (v) {
        const a = analyzeQuery(q);
        const hits = engine.retriever.search(a, v);
        engine.retriever.passages(engine.retriever.scoreSentences(a, v, hits), 10);
      }
      searchMs.push(performance.now() - t1);
      const t2 = performance.now();
      await engine.ask(q);
      askMs.push(performance.now() - t2);
      rss = Math.max(rss, process.memoryUsage().rss);
    }
  });

  // Index builds into a temporary folder: cold (no cache) and warm (cache filled by the cold build).
  const tmp = mkdtempSync(join(tmpdir(), 'verbatim-bench-'));
  const cold: number[] = [];
  const warm: number[] = [];
  try {
    await withProgress('index builds', 'cold + warm pairs', opts.builds, async (i) => {
      const cacheDir = join(tmp, `cache-${i}`);
      let t = performance.now();
      await buildIndex({ corpusDir: config.corpusDir, outDir: join(tmp, 'index'), embedder, cacheDir });
      cold.push((performance.now() - t) / 1000);
      t = performance.now();
      await buildIndex({ corpusDir: config.corpusDir, outDir: join(tmp, 'index'), embedder, cacheDir });
      warm.push((performance.now() - t) / 1000);
      rss = Math.max(rss, process.memoryUsage().rss);
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const embedS = summarize(embedMs);
  const askS = summarize(askMs);
  const coldS = summarize(cold);
  log(`embedder ${embedder.id}; ${questions.length} questions × ${opts.rounds} rounds; ${opts.coldRuns} cold starts; ${opts.builds} builds of each kind`);
  log('');
  log('| measure | n | p50 | p95 | max | unit |');
  log('|---|---|---|---|---|---|');
  log(formatSummary('model load (fresh process)', summarize(loads)));
  log(formatSummary('cold start to first answer', summarize(firsts)));
  log(formatSummary('query embedding', embedS));
  log(formatSummary('search + sentence selection', summarize(searchMs)));
  log(formatSummary('full ask', askS));
  log(formatSummary('index build, cold cache', coldS, 's'));
  log(formatSummary('index build, warm cache', summarize(warm), 's'));
  log(`| peak RSS | 1 | ${(rss / MB).toFixed(0)} | | | MB |`);
  log('');
  const checks: [string, boolean][] = [
    [`full ask p95 ${askS.p95.toFixed(1)} ms ≤ 1.5 × embedding p95 ${(1.5 * embedS.p95).toFixed(1)} ms`, askS.p95 <= 1.5 * embedS.p95],
    [`index build (cold) max ${coldS.max.toFixed(1)} s < 15 s`, coldS.max < 15],
    [`peak RSS ${(rss / MB).toFixed(0)} MB < 400 MB`, rss < 400 * MB],
  ];
  for (const [label, ok] of checks) log(`${ok ? 'PASS' : 'MISS'} ${label}`);
  process.stdout.write(`${out.join('\n')}\n`);
  await embedder.dispose();
}

// ---------------------------------------------------------------------------
// Scale: a synthetic corpus of N reports.

/** What the serving child measures and prints as one JSON line. */
interface ServeFigures {
  /** Engine.open: index files read and checked, Retriever built, staleness checked against the corpus. */
  loadMs: number;
  queries: number;
  filteredQueries: number;
  embedMs: number[];
  /** Retriever only (search, sentence scoring, passages), all reports. */
  searchMs: number[];
  /** Dense candidates alone (hnswlib k-NN as `search` calls it), all reports and one report. */
  knnMs: number[];
  knnFilteredMs: number[];
  /** BM25 candidates alone (as `search` calls it). */
  lexicalMs: number[];
  /** Engine.ask, all reports. */
  askMs: number[];
  /** Engine.ask with `report` set (the /ask report option). */
  askFilteredMs: number[];
  /** Peak resident set of the serving process (getrusage), bytes. */
  maxRss: number;
  /** Resident set and V8 heap after the queries, bytes. */
  rss: number;
  heapUsed: number;
}

/** Peak resident set size of this process so far, in bytes (getrusage: the true peak, not a sample). */
function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** Times one synchronous call in milliseconds. */
function timed(f: () => unknown): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

/**
 * The serving side at scale, in a fresh process so its RSS is its own: load
 * the index, warm up, then time the dev questions and report-filtered
 * questions (four questions on the first, middle and last report).
 */
export async function serveChild(config: BenchConfig, indexDir: string, corpusDir: string | null, rounds: number): Promise<void> {
  const embedder = await createEmbedder(config.embedder);
  const t0 = performance.now();
  const engine = Engine.open({ indexDir, corpusDir, embedder });
  const loadMs = performance.now() - t0;
  const questions = loadQuestions(DEV_QUESTIONS).map((q) => q.question);
  const ids = engine.reports.map((r) => r.meta.id);
  const picked = [...new Set([ids[0], ids[Math.floor(ids.length / 2)], ids[ids.length - 1]])].filter((id): id is string => id !== undefined);
  const filtered = picked.flatMap((report) => questions.slice(0, 4).map((question) => ({ question, report })));
  await warmUp(engine); // as the bot warms up (engine/open.ts)
  for (const q of questions.slice(0, 5)) await engine.ask(q); // and a few questions for the JIT
  for (const f of filtered.slice(0, 2)) await engine.ask(f.question, { report: f.report });

  const figures: ServeFigures = {
    loadMs,
    queries: questions.length,
    filteredQueries: filtered.length,
    embedMs: [],
    searchMs: [],
    knnMs: [],
    knnFilteredMs: [],
    lexicalMs: [],
    askMs: [],
    askFilteredMs: [],
    maxRss: 0,
    rss: 0,
    heapUsed: 0,
  };
  const { retriever, index } = engine;
  const k = Math.min(index.chunks.length, 60);
  const someReport = picked[0] ?? '';
  for (let round = 0; round < rounds; round++) {
    for (const q of questions) {
      const t0 = performance.now();
      const [v] = await embedder.embed([q], 'query');
      figures.embedMs.push(performance.now() - t0);
      if (!v) throw new Error('the embedder returned no vector');
      const a = analyzeQuery(q);
      figures.searchMs.push(timed(() => retriever.passages(retriever.scoreSentences(a, v, retriever.search(a, v)), 10)));
      const query = Array.from(v);
      figures.knnMs.push(timed(() => index.hnsw.searchKnn(query, k)));
      figures.knnFilteredMs.push(timed(() => index.hnsw.searchKnn(query, k, (i: number) => index.chunks[i]?.citation.document === someReport)));
      const terms = [...a.terms.map((term) => ({ term, weight: 1 })), ...a.expansions.map((term) => ({ term, weight: 0.35 }))];
      figures.lexicalMs.push(timed(() => lexicalSearch(index.lexical, terms, k * 2)));
      const t1 = performance.now();
      await engine.ask(q);
      figures.askMs.push(performance.now() - t1);
    }
    for (const f of filtered) {
      const t = performance.now();
      await engine.ask(f.question, { report: f.report });
      figures.askFilteredMs.push(performance.now() - t);
    }
  }
  const mem = process.memoryUsage();
  figures.maxRss = peakRss();
  figures.rss = mem.rss;
  figures.heapUsed = mem.heapUsed;
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  await embedder.dispose();
}

/** Total size of the files in a folder (not recursive), bytes. */
function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

/** What a build child reports on its last line of stdout. */
interface BuildFigures {
  seconds: number;
  computed: number;
  reused: number;
  counts: BuildResult['manifest']['counts'];
  otherWarnings: number;
  /** Peak resident set of the build process (getrusage), bytes. */
  maxRss: number;
}

/**
 * One index build in a fresh process (`--build-child <indexDir> --corpus <dir> --cache <dir>`),
 * with validation, exactly as `npm run build-index` runs it: progress on stderr, figures as JSON on stdout.
 */
export async function buildChild(config: BenchConfig, indexDir: string, corpusDir: string, cacheDir: string, label: string): Promise<void> {
  const say = (s: string): void => void process.stderr.write(`${s}\n`);
  const embedder = await createEmbedder(config.embedder);
  const result = await buildIndex({
    corpusDir,
    outDir: indexDir,
    embedder,
    cacheDir,
    log: (m) => say(`${label}: ${m}`),
    progress: progressLog(label),
    validate: (dir) => validateIndexDir(dir, embedder),
    // As npm run build-index builds: new text in one process per core.
    ...(config.embedder.kind === 'transformers' && poolSize() > 1 ? { pool: () => createEmbedderPool(config.embedder) } : {}),
  });
  await embedder.dispose();
  const figures: BuildFigures = {
    seconds: result.seconds,
    computed: result.computed,
    reused: result.reused,
    counts: result.manifest.counts,
    otherWarnings: result.warnings.filter((w) => !w.warning.endsWith('is a close call')).length,
    maxRss: peakRss(),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/** Runs this script again with `args` in a fresh process and returns the JSON on its last stdout line (stderr passes through). */
function runChild<T>(args: readonly string[], what: string): T {
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1] ?? '', ...args], {
    encoding: 'utf8',
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * MB,
  });
  if (child.status !== 0) throw new Error(`the ${what} process failed (exit ${child.status ?? child.signal})`);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as T;
}

/**
 * Progress of a long build on stderr: a line every 5 % of sentence rows.
 * Rows, not texts: a text shared by many reports fills all its rows at once,
 * so early percentages pass quickly and no time left is guessed.
 */
function progressLog(label: string): BuildProgress {
  let total = 0;
  let started = 0;
  let lastShown = -1;
  return {
    start(n: number): void {
      total = n;
      started = performance.now();
    },
    update(done: number): void {
      const pct = total > 0 ? Math.floor((100 * done) / total / 5) * 5 : 100;
      if (pct === lastShown) return;
      lastShown = pct;
      process.stderr.write(`${label}: ${done}/${total} sentence rows (${pct} %), ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    },
    stop(): void {},
  };
}

/** Marks a `--dir` folder as the scale benchmark's own, so that a later run may replace what is in it. */
const WORK_MARK = '.verbatim-scale-bench';

/**
 * A `--dir` work folder: a new or empty folder (marked as the benchmark's), or
 * one an earlier run marked. Any other folder is refused, since the run
 * replaces its corpus/ and cache/: a mistyped --dir must never cost files.
 */
function claimWorkDir(dir: string): string {
  const entries = existsSync(dir) ? readdirSync(dir) : [];
  if (entries.length > 0 && !entries.includes(WORK_MARK)) {
    throw new UserError(`--dir ${dir} is not empty and was not made by the benchmark; give a new or empty folder`);
  }
  ensureDir(dir);
  writeFileSync(join(dir, WORK_MARK), 'made by `npm run bench -- --reports N --dir …`; its corpus/, cache/ and index/ are replaced on each run\n');
  return dir;
}

/** The scale benchmark: generate, build cold and warm, serve in a child, print the table and the checks. */
export async function benchScale(config: BenchConfig, opts: BenchOptions, count: number): Promise<void> {
  const work = opts.dir ? claimWorkDir(resolve(opts.dir)) : mkdtempSync(join(tmpdir(), 'verbatim-scale-'));
  const corpusDir = join(work, 'corpus');
  const indexDir = join(work, 'index');
  const cacheDir = join(work, 'cache'); // never the developer's CACHE_DIR
  const say = (s: string): void => void process.stderr.write(`${s}\n`);
  try {
    rmSync(corpusDir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
    const t = performance.now();
    const bases: BaseReport[] = await Promise.all(loadCorpus(config.corpusDir).map(async (r) => ({ meta: r.meta, document: await parseSource(r.bytes, r.file) })));
    const reports = generateCorpus(bases, count, opts.seed);
    const corpusBytes = writeCorpus(corpusDir, reports);
    const generateS = (performance.now() - t) / 1000;
    say(`generated ${count} reports (seed ${opts.seed}) from ${bases.length} base report(s) into ${corpusDir} in ${generateS.toFixed(1)} s`);

    const build = (label: string): BuildFigures =>
      runChild<BuildFigures>(['--build-child', indexDir, '--corpus', corpusDir, '--cache', cacheDir, '--label', label], label);
    const cold = build('cold build');
    const warm = build('warm build');
    const indexBytes = folderBytes(indexDir);
    const counts = cold.counts;

    say('serving: loading the index in a fresh process and timing queries…');
    const serve = runChild<ServeFigures>(['--serve-child', indexDir, '--corpus', corpusDir, '--rounds', String(opts.rounds)], 'serving');
    const manifest = readManifest(indexDir);

    const all = summarize([...serve.askMs, ...serve.askFilteredMs]);
    const out: string[] = [];
    const log = (s: string): void => void out.push(s);
    log(
      `embedder ${manifest.embedder.id}; ${count} synthetic reports (seed ${opts.seed}): ${counts.chunks} chunks, ${counts.sentences} sentence rows, ` +
        `${cold.computed} distinct texts embedded cold; ${serve.queries} dev questions + ${serve.filteredQueries} report-filtered × ${opts.rounds} rounds`,
    );
    log('');
    log('| measure | n | p50 | p95 | max | unit |');
    log('|---|---|---|---|---|---|');
    const one = (label: string, value: number, unit: string, digits = 1): string => `| ${label} | 1 | ${value.toFixed(digits)} | | | ${unit} |`;
    log(one('synthetic corpus generation', generateS, 's', 2));
    log(one('index build, cold cache', cold.seconds, 's'));
    log(one('index build, warm cache', warm.seconds, 's'));
    log(one('index size on disk', indexBytes / MB, 'MB'));
    log(one('corpus size on disk', corpusBytes / MB, 'MB'));
    log(one('index load (Engine.open, fresh process)', serve.loadMs, 'ms'));
    const row = (label: string, values: readonly number[]): string => formatSummary(label, summarize(values));
    log(row('query embedding', serve.embedMs));
    log(row('search + sentence selection', serve.searchMs));
    log(row('  of which: k-NN (hnswlib)', serve.knnMs));
    log(row('  of which: BM25 (typed postings)', serve.lexicalMs));
    log(row('k-NN with a one-report filter (hnswlib)', serve.knnFilteredMs));
    log(row('full ask, all reports', serve.askMs));
    log(row('full ask, one report (--report)', serve.askFilteredMs));
    log(formatSummary('full ask, both', all));
    log(one('peak RSS, cold build process', cold.maxRss / MB, 'MB', 0));
    log(one('peak RSS, warm build process', warm.maxRss / MB, 'MB', 0));
    log(one('peak RSS, serving process', serve.maxRss / MB, 'MB', 0));
    log(one('V8 heap used, serving', serve.heapUsed / MB, 'MB', 0));
    log('');
    const buildRss = Math.max(cold.maxRss, warm.maxRss);
    const checks: [string, boolean][] = [
      [`query (full ask) p95 ${all.p95.toFixed(1)} ms < ${SCALE_TARGETS.queryP95Ms} ms`, all.p95 < SCALE_TARGETS.queryP95Ms],
      [`peak RSS serving ${(serve.maxRss / MB).toFixed(0)} MB < ${SCALE_TARGETS.rssBytes / MB} MB`, serve.maxRss < SCALE_TARGETS.rssBytes],
      [`peak RSS build ${(buildRss / MB).toFixed(0)} MB < ${SCALE_TARGETS.rssBytes / MB} MB`, buildRss < SCALE_TARGETS.rssBytes],
      [`parse warnings other than close calls: ${cold.otherWarnings}`, cold.otherWarnings === 0],
    ];
    for (const [label, ok] of checks) log(`${ok ? 'PASS' : 'MISS'} ${label}`);
    if (opts.dir) log(`kept: ${work} (corpus/, cache/, index/)`);
    say('');
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    if (!opts.dir) rmSync(work, { recursive: true, force: true });
  }
}
