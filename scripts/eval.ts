/** npm run eval -- [questions.json] [--json] [--verbose]: retrieval and abstention quality. */
import { Command } from 'commander';
import { runCli } from '../src/cli/run.js';
import { loadConfig } from '../src/config/config.js';
import { openEngine } from '../src/engine/open.js';
import { ablations, evaluate, formatReport, loadQuestions } from '../src/eval/eval.js';
import { DEFAULT_WEIGHTS } from '../src/retrieve/retriever.js';

await runCli(async () => {
  const program = new Command('eval')
    .description('Measure Recall@1/3/5, MRR@10 and abstention on a question set with gold answers.')
    .argument('[questions]', 'question set (JSON)', 'tests/fixtures/questions.dev.json')
    .option('--json', 'print the report as JSON')
    .option('--verbose', 'list every question with its rank')
    .option('--ablate', 'also measure retrieval variants (no glossary, lexical only, dense only, …)')
    .exitOverride();
  program.parse();
  const opts = program.opts<{ json?: boolean; verbose?: boolean; ablate?: boolean }>();
  const questions = loadQuestions(program.args[0] ?? 'tests/fixtures/questions.dev.json');
  const engine = await openEngine(loadConfig());
  const report = await evaluate(engine, questions);
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, opts.verbose)}\n`);
  if (opts.ablate) {
    const rows = ['', 'Ablations', '| variant | R@1 | R@3 | R@5 | MRR@10 | answered | abstained |', '|---|---|---|---|---|---|---|'];
    for (const variant of ablations(DEFAULT_WEIGHTS)) {
      const r = await evaluate(engine, questions, variant.options);
      const a = r.abstention;
      rows.push(`| ${variant.name} | ${r.recallAt1.toFixed(2)} | ${r.recallAt3.toFixed(2)} | ${r.recallAt5.toFixed(2)} | ${r.mrrAt10.toFixed(2)} | ${a.trueNegatives}/${a.trueNegatives + a.falsePositives} | ${a.truePositives}/${a.truePositives + a.falseNegatives} |`);
    }
    process.stdout.write(`${rows.join('\n')}\n`);
  }
  await engine.embedder.dispose();
});
