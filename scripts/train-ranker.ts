/**
 * npm run train-ranker -- [questions.json …] [--dry-run]: learn the sentence
 * ranker (src/retrieve/ranker.json) and the answerability model
 * (src/answer/answerability.json) from the tuning question sets.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command } from 'commander';
import { ANSWERABILITY_FEATURES, AnswerabilityModelSchema, answerabilityFeatures, probability, unmetDemand, type AnswerabilityFeatures } from '../src/answer/answerable.js';
import { runCli, UserError } from '../src/cli/run.js';
import { loadConfig } from '../src/config/config.js';
import { openEngine } from '../src/engine/open.js';
import { loadQuestions, quoteHits, type EvalQuestion } from '../src/eval/eval.js';
import { PRIOR_WEIGHTS, RankerModelSchema, type RankerModel } from '../src/retrieve/ranker.js';
import { recallAt1, train, trainLogistic, type TrainingQuestion } from '../src/retrieve/train.js';

const TUNING_SETS = ['tests/fixtures/questions.dev.json', 'tests/fixtures/questions.extra.json', 'tests/fixtures/questions.tune.json', 'tests/fixtures/questions.tune2.json'];
/** Most answerable questions the answerability model may refuse, as a share. */
const MAX_REFUSED = 0.03;

function writeAtomically(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, file);
}

await runCli(async () => {
  const program = new Command('train-ranker')
    .description('Learn the sentence ranker and the answerability model from question sets with gold answers (the tuning sets; never the held-apart ones).')
    .argument('[questions...]', 'question sets to learn from (default: dev, extra, tune and tune2)')
    .option('--dry-run', 'print the weights and the figures without writing')
    .exitOverride();
  program.parse();
  const opts = program.opts<{ dryRun?: boolean }>();
  const files = program.args.length > 0 ? program.args : TUNING_SETS;
  // The held-apart sets (and the follow-ups, held apart too) measure what nobody tuned for: never learnt from.
  const heldApart = files.filter((f) => /heldout|followup/iu.test(basename(f)));
  if (heldApart.length > 0) throw new UserError(`${heldApart.join(', ')}: a held-apart set is never learnt from; train on the tuning sets (dev, extra, tune, tune2)`);
  const log = (m: string): void => void process.stderr.write(`${m}\n`);
  const engine = await openEngine(loadConfig());
  const sets = files.map((f): [string, EvalQuestion[]] => [f, loadQuestions(f)]);

  // 1. The ranker.
  const bySet = new Map<string, TrainingQuestion[]>();
  for (const [file, questions] of sets) {
    const rows: TrainingQuestion[] = [];
    for (const q of questions.filter((x) => x.answers.length > 0)) {
      const { sentences } = await engine.diagnose(q.question);
      rows.push({ id: q.id, candidates: sentences.map((s) => ({ features: s.features, answers: quoteHits(s.text, q.answers) })) });
    }
    bySet.set(file, rows);
  }
  const all = [...bySet.values()].flat();
  const weights = train(all, { start: PRIOR_WEIGHTS });
  log(`ranker: ${all.length} questions; sentence R@1 prior ${recallAt1(all, PRIOR_WEIGHTS).toFixed(3)} → trained ${recallAt1(all, weights).toFixed(3)}`);
  for (const [file, rows] of bySet) {
    const rest = [...bySet.entries()].filter(([f]) => f !== file).flatMap(([, r]) => r);
    log(`  ${file} left out: R@1 ${recallAt1(rows, train(rest, { start: PRIOR_WEIGHTS })).toFixed(3)} when trained on the rest`);
  }
  const ranker: RankerModel = RankerModelSchema.parse({ embedder: engine.embedder.id, weights, trainedOn: files, trainingRecallAt1: Math.round(recallAt1(all, weights) * 1000) / 1000 });

  // 2. The answerability model, on what the new ranker ranks.
  const examples: { x: AnswerabilityFeatures; y: boolean; passed: boolean }[] = [];
  for (const [, questions] of sets) {
    for (const q of questions) {
      const d = await engine.diagnose(q.question, { ranker });
      const x = answerabilityFeatures(d.q, d.sentences, engine.retriever);
      examples.push({ x, y: q.answers.length > 0, passed: unmetDemand(d.q, d.sentences, engine.retriever, d.anchors, d.years) === null });
    }
  }
  const passed = examples.filter((e) => e.passed);
  // More of each score means more likely answered; more unknown words, less.
  const fit = trainLogistic(passed, ANSWERABILITY_FEATURES, {
    signs: { topScore: 1, margin: 1, topDense: 1, maxDense: 1, topCoverage: 1, maxCoverage: 1, unknownShare: -1, unknownMax: -1, typedTop: 1 },
  });
  const answerable = examples.filter((e) => e.y).length;
  const unanswerable = examples.length - answerable;
  const demandRefused = examples.filter((e) => e.y && !e.passed).length;
  const demandAbstained = examples.filter((e) => !e.y && !e.passed).length;
  log(`answerability: ${answerable} answerable, ${unanswerable} not; the demands (type, names, years, unknown words) refuse ${demandRefused} answerable and abstain on ${demandAbstained}`);
  // The trade-off: each threshold, what it refuses and what it abstains on.
  const base = { embedder: engine.embedder.id, ...fit, trainedOn: files };
  let threshold = 0;
  log('  threshold  refused answerable  abstained unanswerable');
  for (let t = 0; t <= 0.95; t += 0.05) {
    const m = AnswerabilityModelSchema.parse({ ...base, threshold: t });
    const refused = demandRefused + passed.filter((e) => e.y && probability(m, e.x) < t).length;
    const abstained = demandAbstained + passed.filter((e) => !e.y && probability(m, e.x) < t).length;
    log(`  ${t.toFixed(2)}       ${refused} (${((100 * refused) / answerable).toFixed(1)}%)           ${abstained} (${((100 * abstained) / unanswerable).toFixed(0)}%)`);
    if (refused / answerable <= MAX_REFUSED) threshold = Math.round(t * 100) / 100;
  }
  const model = AnswerabilityModelSchema.parse({ ...base, threshold });
  log(`  chosen threshold ${threshold} (refuses at most ${MAX_REFUSED * 100}% of answerable questions)`);
  log(JSON.stringify({ ranker: weights, answerability: model }));
  if (!opts.dryRun) {
    writeAtomically('src/retrieve/ranker.json', ranker);
    writeAtomically('src/answer/answerability.json', model);
    log('wrote src/retrieve/ranker.json and src/answer/answerability.json');
  }
  await engine.embedder.dispose();
});
