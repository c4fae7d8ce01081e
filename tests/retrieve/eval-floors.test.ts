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
  it('retrieves the answer first for at least 85% of answerable questions', () => {
    expect(report.recallAt1).toBeGreaterThanOrEqual(0.85);
  });
  it("has the answer in the top 3 for at least 95% and the top 5 for at least 97%", () => {
    expect(report.recallAt3).toBeGreaterThanOrEqual(0.95);
    expect(report.recallAt5).toBeGreaterThanOrEqual(0.97);
    expect(report.mrrAt10).toBeGreaterThanOrEqual(0.9);
  });
  it('answers at least 97% of answerable questions and abstains on every unanswerable one', () => {
    expect(report.abstention.answeredRate).toBeGreaterThanOrEqual(0.97);
    expect(report.abstention.recall).toBeGreaterThanOrEqual(1);
    expect(report.abstention.precision).toBeGreaterThanOrEqual(0.75);
  });
});

describe('eval floors on questions written apart from the dev set (tests/fixtures/questions.extra.json)', () => {
  let extra: EvalReport;
  beforeAll(async () => {
    extra = await evaluate(await committedEngine(), loadQuestions(`${ROOT}tests/fixtures/questions.extra.json`));
  });
  it('keeps R@1 ≥ 0.7, R@3 ≥ 0.9 and answers every answerable question', () => {
    expect(extra.recallAt1).toBeGreaterThanOrEqual(0.7);
    expect(extra.recallAt3).toBeGreaterThanOrEqual(0.9);
    expect(extra.abstention.answeredRate).toBeGreaterThanOrEqual(0.95);
    expect(extra.abstention.recall).toBeGreaterThanOrEqual(0.6);
  });
});
