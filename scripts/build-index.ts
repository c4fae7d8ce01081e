/** npm run build-index: corpus/ → index/ (see src/index/build.ts). With --json, the outcome as one line of JSON on stdout (src/index/child.ts reads it). */
import { Command } from 'commander';
import { decimalNumber, wholeNumber } from '../src/cli/args.js';
import { progressBar } from '../src/cli/progress.js';
import { runCli, UserError } from '../src/cli/run.js';
import { loadConfig } from '../src/config/config.js';
import { createEmbedder } from '../src/embed/index.js';
import { createEmbedderPool, poolSize } from '../src/embed/pool.js';
import { recoverIdleCorpus } from '../src/corpus/change.js';
import { buildIndex } from '../src/index/build.js';
import { failureMessage, type BuildChildMessage } from '../src/index/child.js';
import { validateIndexDir } from '../src/engine/engine.js';

await runCli(async () => {
  const program = new Command('build-index')
    .description('Parse, chunk and embed every report in corpus/ and write index/.')
    .option('--corpus <dir>', 'corpus folder (default: CORPUS_DIR or corpus)')
    .option('--out <dir>', 'index folder (default: INDEX_DIR or index)')
    .option('--no-cache', 'embed every text again instead of reusing cached embeddings')
    .option('--json', 'print the outcome (result or error) as one line of JSON on stdout')
    .option('--lock-timeout <seconds>', 'how long to wait for another build of the same index to finish', '600')
    .option('--workers <n>', 'processes embedding new text when there is much of it (default: one per core, at most 4; 1: none)')
    .exitOverride();
  program.parse();
  const opts = program.opts<{ corpus?: string; out?: string; cache: boolean; json?: boolean; lockTimeout: string; workers?: string }>();
  const report = (message: BuildChildMessage): void => {
    if (opts.json) process.stdout.write(`${JSON.stringify(message)}\n`);
  };
  try {
    await build(opts, report);
  } catch (e) {
    report(failureMessage(e));
    throw e;
  }
});

async function build(opts: { corpus?: string; out?: string; cache: boolean; lockTimeout: string; workers?: string }, report: (message: BuildChildMessage) => void): Promise<void> {
  // Checked here rather than by commander, so that with --json a bad value is reported as JSON too.
  const lockTimeout = checked(() => decimalNumber(0, 86_400)(opts.lockTimeout), `--lock-timeout must be a number of seconds from 0 to 86400, not "${opts.lockTimeout}"`);
  const workers = opts.workers === undefined ? poolSize() : checked(() => wholeNumber(1, 64)(opts.workers ?? ''), `--workers must be a whole number from 1 to 64, not "${opts.workers ?? ''}"`);
  const config = loadConfig(process.env, { sections: ['data', 'embedder'] });
  const log = (m: string): void => void process.stderr.write(`${m}\n`);
  const embedder = await createEmbedder(config.embedder);
  // An add-report killed while it rebuilt left its change in the corpus: undone first, unless an add is running now.
  const corpusDir = opts.corpus ?? config.corpusDir;
  await recoverIdleCorpus(corpusDir, log);
  const progress = progressBar('embedding', 'sentences');
  const result = await buildIndex({
    corpusDir,
    outDir: opts.out ?? config.indexDir,
    embedder,
    cacheDir: opts.cache ? config.cacheDir : null,
    lockTimeoutMs: lockTimeout * 1000,
    // Worker threads for a large build with the transformers encoder (USE-lite's WebAssembly backend stays in this thread).
    ...(workers > 1 && config.embedder.kind === 'transformers' ? { pool: () => createEmbedderPool(config.embedder, workers) } : {}),
    log,
    ...(progress ? { progress } : {}),
    validate: (dir) => validateIndexDir(dir, embedder),
  });
  for (const w of result.warnings) log(`warning: ${w.report}: ${w.warning}`);
  const c = result.manifest.counts;
  log(
    `index written to ${opts.out ?? config.indexDir}: ${c.reports} report(s), ${c.chunks} chunks, ${c.sentences} sentences; ` +
      `embeddings reused ${result.reused}, computed ${result.computed}; ${result.seconds.toFixed(1)} s`,
  );
  report({ ok: true, result });
  await embedder.dispose();
}

/** The value `read` gives, or a UserError saying `message` where it throws. */
function checked(read: () => number, message: string): number {
  try {
    return read();
  } catch {
    throw new UserError(message);
  }
}
