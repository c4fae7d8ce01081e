/**
 * npm run bench [-- --reports N | --load]: benchmarks (src/bench/). Prints
 * figures and PASS/MISS against targets; a benchmark, not a test.
 *
 *   npm run bench                      the committed index: latency, build time, RSS
 *   npm run bench -- --reports 200     the same at scale, on a synthetic corpus
 *   npm run bench -- --load            a burst of /ask through a fake Discord into the bot
 *   npm run bench -- --pdf             reading a 14-page and a 200-page PDF, child process and all
 */
import { Command } from 'commander';
import { benchCommitted, benchScale, buildChild, coldStartChild, serveChild, type BenchOptions } from '../src/bench/bench.js';
import { benchPdf } from '../src/bench/pdf.js';
import { wholeNumber } from '../src/cli/args.js';
import { runCli } from '../src/cli/run.js';
import { loadConfig } from '../src/config/config.js';

const int = wholeNumber(1);

await runCli(async () => {
  const program = new Command('bench')
    .description('Measure latency, build time and memory.')
    .option('--cold-runs <n>', 'child processes for the cold-start figure', int, 5)
    .option('--rounds <n>', 'passes over the dev questions', int, 5)
    .option('--builds <n>', 'index builds of each kind', int, 3)
    .option('--reports <n>', 'benchmark a synthetic corpus of n reports varied from corpus/ instead of the committed index', int)
    .option('--seed <n>', 'seed of the synthetic corpus', int, 1)
    .option('--dir <path>', 'with --reports: work in this folder and keep the corpus, cache and index (default: a temporary folder, removed)')
    .option('--load', 'fire a burst of /ask interactions through a fake Discord into the bot')
    .option('--pdf', 'time reading PDFs: the 14-page layout fixture (--rounds times) and a 200-page one typeset here')
    .option('--count <n>', 'with --load: interactions in the burst', int, 200)
    .option('--window <ms>', 'with --load: spread the burst over this many milliseconds', int, 1000)
    .option('--child', 'internal: measure one cold start and print JSON')
    .option('--serve-child <indexDir>', 'internal: load this index, measure queries and print JSON')
    .option('--build-child <indexDir>', 'internal: build this index with validation and print JSON')
    .option('--corpus <dir>', 'internal: corpus folder of --serve-child and --build-child')
    .option('--cache <dir>', 'internal: embedding cache folder of --build-child')
    .option('--label <text>', 'internal: progress label of --build-child', 'build')
    .exitOverride();
  program.parse();
  const opts = program.opts<BenchOptions & { load?: boolean; pdf?: boolean; count: number; window: number; label: string }>();
  const usage = (message: string): never => program.error(`error: ${message}`, { exitCode: 2 });
  if (opts.dir !== undefined && opts.reports === undefined) usage('--dir needs --reports (it names where the synthetic corpus is built)');
  if (opts.load && opts.reports !== undefined) usage('--load and --reports are different benchmarks: give one');
  if (opts.buildChild && (!opts.corpus || !opts.cache)) usage('--build-child needs --corpus and --cache');
  const config = loadConfig(process.env, { sections: ['data', 'embedder'] });

  if (opts.child) return coldStartChild(config);
  if (opts.buildChild) return buildChild(config, opts.buildChild, opts.corpus ?? '', opts.cache ?? '', opts.label);
  if (opts.serveChild) return serveChild(config, opts.serveChild, opts.corpus ?? null, opts.rounds);
  if (opts.load) {
    // The load benchmark drives the fake Discord of tests/ (development dependencies): loaded only when asked for.
    const { benchLoad } = await import('../src/bench/load.js');
    return benchLoad(loadConfig(), { count: opts.count, windowMs: opts.window });
  }
  if (opts.pdf) return benchPdf(config, opts.rounds);
  if (opts.reports !== undefined) return benchScale(config, opts, opts.reports);
  return benchCommitted(config, opts);
});
