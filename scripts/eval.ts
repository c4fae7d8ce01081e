/** npm run eval -- [questions.json …] [--json] [--verbose] [--ablate]: retrieval and abstention quality, each set reported apart. */
import { Command } from 'commander';
import { runCli } from '../src/cli/run.js';
import { loadConfig } from '../src/config/config.js';
import { openEngine } from '../src/engine/open.js';
import { ablations, evaluate, formatReport, loadQuestions, type EvalQuestion } from '../src/eval/eval.js';
import { defaultRanker } from '../src/retrieve/ranker.js';

const DEFAULT_SETS = ['tests/fixtures/questions.dev.json', 'tests/fixtures/questions.extra.json', 'tests/fixtures/questions.tune.json', 'tests/fixtures/questions.tune2.json', 'tests/fixtures/questions.heldout.json', 'tests/fixtures/questions.heldout2.json', 'tests/fixtures/questions.followup.json'];

await runCli(async () => {
  const program = new Command('eval')
    .description('Measure Recall@1/3/5, MRR@10 and abstention on question sets with gold answers (each set reported apart).')
    .argument('[questions...]', 'question sets (JSON); default: dev, extra, tune, tune2, the two held-apart sets and the follow-ups')
    .option('--json', 'print the reports as JSON')
    .option('--verbose', 'list every question with its rank')
    .option('--ablate', 'also measure retrieval variants (no glossary, lexical only, encoder only, …)')
    .exitOverride();
  program.parse();
  const opts = program.opts<{ json?: boolean; verbose?: boolean; ablate?: boolean }>();
  const files = program.args.length > 0 ? program.args : DEFAULT_SETS;
  // Every set is read (and refused, in one line naming it: QuestionSetError) before the model loads.
  const sets: [string, EvalQuestion[]][] = files.map((f) => [f, loadQuestions(f)]);
  const engine = await openEngine(loadConfig(process.env, { sections: ['data', 'embedder'] }));
  const out: Record<string, unknown> = {};
  for (const [file, questions] of sets) {
    const report = await evaluate(engine, questions);
    if (opts.json) out[file] = report;
    else process.stdout.write(`\n## ${file}\n${formatReport(report, opts.verbose)}\n`);
    if (opts.ablate) {
      const rows = ['', `Ablations (${file})`, '| variant | R@1 | R@3 | R@5 | MRR@10 | answered | abstained |', '|---|---|---|---|---|---|---|'];
      for (const variant of ablations(defaultRanker())) {
        const r = await evaluate(engine, questions, variant.options);
        const a = r.abstention;
        rows.push(`| ${variant.name} | ${r.recallAt1.toFixed(2)} | ${r.recallAt3.toFixed(2)} | ${r.recallAt5.toFixed(2)} | ${r.mrrAt10.toFixed(2)} | ${a.trueNegatives}/${a.trueNegatives + a.falsePositives} | ${a.truePositives}/${a.truePositives + a.falseNegatives} |`);
      }
      if (!opts.json) process.stdout.write(`${rows.join('\n')}\n`);
    }
  }
  if (opts.json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  await engine.embedder.dispose();
});
