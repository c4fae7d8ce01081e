/** npm run eval -- [questions.json] [--json] [--verbose]: retrieval and abstention quality. */
import { Command } from 'commander';
import { runCli } from '../src/cli/run.js';
import { loadConfig } from '../src/config/config.js';
import { openEngine } from '../src/engine/open.js';
import { evaluate, formatReport, loadQuestions } from '../src/eval/eval.js';

await runCli(async () => {
  const program = new Command('eval')
    .description('Measure Recall@1/3/5, MRR@10 and abstention on a question set with gold answers.')
    .argument('[questions]', 'question set (JSON)', 'tests/fixtures/questions.dev.json')
    .option('--json', 'print the report as JSON')
    .option('--verbose', 'list every question with its rank')
    .exitOverride();
  program.parse();
  const opts = program.opts<{ json?: boolean; verbose?: boolean }>();
  const questions = loadQuestions(program.args[0] ?? 'tests/fixtures/questions.dev.json');
  const engine = await openEngine(loadConfig());
  const report = await evaluate(engine, questions);
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, opts.verbose)}\n`);
  await engine.embedder.dispose();
});
