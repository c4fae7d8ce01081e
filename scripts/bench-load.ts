/**
 * npm run bench -- --load [--count N] [--window MS]: a burst of /ask
 * interactions through the fake Discord into the real bot, in this process
 * (src/bench/load.ts). Prints acknowledgement and answer latencies, the
 * event-loop delay, and PASS/MISS per target. A benchmark, not a test: it
 * exits 0 whatever the figures (tests/reliability asserts the same targets).
 */
import { Command, InvalidArgumentError } from 'commander';
import { formatLoad, runLoad } from '../src/bench/load.js';
import { runCli } from '../src/cli/run.js';
import { loadConfig } from '../src/config/config.js';
import { EngineHolder } from '../src/engine/holder.js';
import { openEngine } from '../src/engine/open.js';
import { loadQuestions } from '../src/eval/eval.js';

const int = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
  return n;
};

await runCli(async () => {
  const program = new Command('bench-load')
    .description('Fire a burst of /ask interactions through a fake Discord into the bot and measure latencies.')
    .option('--load', 'run the load benchmark (accepted so `npm run bench -- --load` can forward its arguments)')
    .option('--count <n>', 'interactions in the burst', int, 200)
    .option('--window <ms>', 'spread the burst over this many milliseconds', int, 1000)
    .exitOverride();
  program.parse(process.argv);
  const opts = program.opts<{ count: number; window: number }>();
  const config = loadConfig();
  const engine = await openEngine(config);
  try {
    const engines = new EngineHolder(engine, { indexDir: config.indexDir, corpusDir: config.corpusDir, cacheDir: config.cacheDir, embedder: engine.embedder });
    const questions = loadQuestions('tests/fixtures/questions.dev.json').map((q) => q.question);
    process.stdout.write(`Firing ${opts.count} /ask interactions within ${opts.window} ms…\n`);
    const result = await runLoad({ engines, count: opts.count, windowMs: opts.window, questions, env: { INDEX_DIR: config.indexDir, CORPUS_DIR: config.corpusDir, CACHE_DIR: config.cacheDir } });
    process.stdout.write(formatLoad(result));
  } finally {
    await engine.embedder.dispose();
  }
});
