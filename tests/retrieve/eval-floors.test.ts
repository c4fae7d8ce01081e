/**
 * Quality floors on the dev question set: the eval must not regress below
 * what was reached. Raise a floor when the eval improves.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, loadQuestions, type EvalReport } from '../../src/eval/eval.js';
import { ROOT } from '../helpers/corpus.js';
import { committedEngine } from '../helpers/engine.js';

let report: EvalReport;
beforeAll(async () => {
  report = await evaluate(await committedEngine(), loadQuestions(`${ROOT}tests/fixtures/questions.dev.json`));
});

describe('eval floors on the dev set', () => {
  it('retrieves the answer first for at least 75% of answerable questions', () => {
    expect(report.recallAt1).toBeGreaterThanOrEqual(0.75);
  });
  it('has the answer in the top 3 for at least 90% and the top 5 for at least 90%', () => {
    expect(report.recallAt3).toBeGreaterThanOrEqual(0.9);
    expect(report.recallAt5).toBeGreaterThanOrEqual(0.9);
    expect(report.mrrAt10).toBeGreaterThanOrEqual(0.83);
  });
  it('answers at least 95% of answerable questions and abstains on most unanswerable ones', () => {
    expect(report.abstention.answeredRate).toBeGreaterThanOrEqual(0.95);
    expect(report.abstention.recall).toBeGreaterThanOrEqual(0.75);
  });
});
