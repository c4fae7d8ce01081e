/**
 * npm run bench: model load, cold start to first answer, per-query embedding,
 * search and full ask, index build time (cold and warm cache), and RSS.
 * A benchmark, not a test: it prints figures and checks them against targets.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { formatSummary, summarize } from '../src/bench/stats.js';
import { runCli } from '../src/cli/run.js';
import { loadConfig } from '../src/config/config.js';
import { createEmbedder } from '../src/embed/index.js';
import { Engine } from '../src/engine/engine.js';
import { loadQuestions } from '../src/eval/eval.js';
import { buildIndex } from '../src/index/build.js';
import { analyzeQuery } from '../src/retrieve/query.js';

const int = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
  return n;
};

await runCli(async () => {
  const program = new Command('bench')
    .description('Measure latency, build time and memory.')
    .option('--cold-runs <n>', 'child processes for the cold-start figure', int, 5)
    .option('--rounds <n>', 'passes over the dev questions', int, 5)
    .option('--builds <n>', 'index builds of each kind', int, 3)
    .option('--child', 'internal: measure one cold start and print JSON')
    .exitOverride();
  program.parse();
  const opts = program.opts<{ coldRuns: number; rounds: number; builds: number; child?: boolean }>();
  const config = loadConfig();

  if (opts.child) {
    const t0 = performance.now();
    const embedder = await createEmbedder(config.embedder);
    const t1 = performance.now();
    const engine = Engine.open({ indexDir: config.indexDir, corpusDir: config.corpusDir, embedder });
    await engine.ask('What was the turnout?');
    const t2 = performance.now();
    process.stdout.write(`${JSON.stringify({ loadMs: t1 - t0, firstAnswerMs: t2 - t0, rss: process.memoryUsage().rss })}\n`);
    return;
  }

  const out: string[] = [];
  const log = (s: string): void => {
    out.push(s);
    process.stderr.write(`${s}\n`);
  };

  // Cold start, in fresh processes.
  const loads: number[] = [];
  const firsts: number[] = [];
  for (let i = 0; i < opts.coldRuns; i++) {
    const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1] ?? '', '--child'], { encoding: 'utf8', env: process.env });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    const parsed = JSON.parse(line) as { loadMs: number; firstAnswerMs: number };
    loads.push(parsed.loadMs);
    firsts.push(parsed.firstAnswerMs);
  }

  // Queries, in this process.
  const embedder = await createEmbedder(config.embedder);
  const engine = Engine.open({ indexDir: config.indexDir, corpusDir: config.corpusDir, embedder });
  const questions = loadQuestions('tests/fixtures/questions.dev.json').map((q) => q.question);
  for (const q of questions.slice(0, 5)) await engine.ask(q); // warm-up
  const embedMs: number[] = [];
  const searchMs: number[] = [];
  const askMs: number[] = [];
  let rss = process.memoryUsage().rss;
  for (let round = 0; round < opts.rounds; round++) {
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
  }

  // Index builds into a temporary folder: cold (no cache) and warm (cache filled by the cold build).
  const tmp = mkdtempSync(join(tmpdir(), 'verbatim-bench-'));
  const cold: number[] = [];
  const warm: number[] = [];
  try {
    for (let i = 0; i < opts.builds; i++) {
      const cacheDir = join(tmp, `cache-${i}`);
      let t = performance.now();
      await buildIndex({ corpusDir: config.corpusDir, outDir: join(tmp, 'index'), embedder, cacheDir });
      cold.push((performance.now() - t) / 1000);
      t = performance.now();
      await buildIndex({ corpusDir: config.corpusDir, outDir: join(tmp, 'index'), embedder, cacheDir });
      warm.push((performance.now() - t) / 1000);
      rss = Math.max(rss, process.memoryUsage().rss);
    }
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
  log(`| peak RSS | 1 | ${(rss / 1048576).toFixed(0)} | | | MB |`);
  log('');
  const checks: [string, boolean][] = [
    [`full ask p95 ${askS.p95.toFixed(1)} ms ≤ 1.5 × embedding p95 ${(1.5 * embedS.p95).toFixed(1)} ms`, askS.p95 <= 1.5 * embedS.p95],
    [`index build (cold) max ${coldS.max.toFixed(1)} s < 15 s`, coldS.max < 15],
    [`peak RSS ${(rss / 1048576).toFixed(0)} MB < 400 MB`, rss < 400 * 1048576],
  ];
  for (const [label, ok] of checks) log(`${ok ? 'PASS' : 'MISS'} ${label}`);
  process.stdout.write(`${out.join('\n')}\n`);
  await embedder.dispose();
});
