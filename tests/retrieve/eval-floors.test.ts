/**
 * Quality floors: the eval must not fall below what was reached. Raise a
 * floor when the eval improves. Six sets, each reported apart: dev and
 * extra (older, tuned on), tune and tune2 (written for tuning), and two
 * held-apart sets (written before any tuning and never tuned on: the fair
 * measure of questions nobody tuned for; heldout2 was written later by a
 * helper from the report alone, seeing neither the code nor the other
 * sets). And follow-ups in a thread (questions.followup.json, written
 * before the follow-up weights were looked at again, never tuned on),
 * with and without their context.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, loadQuestions, type EvalReport } from '../../src/eval/eval.js';
import { ROOT } from '../helpers/corpus.js';
import { committedEngine } from '../helpers/engine.js';

const reports = new Map<string, EvalReport>();
beforeAll(async () => {
  const engine = await committedEngine();
  for (const set of ['dev', 'extra', 'tune', 'tune2', 'heldout', 'heldout2']) reports.set(set, await evaluate(engine, loadQuestions(`${ROOT}tests/fixtures/questions.${set}.json`)));
  // Follow-ups (a thread's next question, with the one before it), asked with their context and alone.
  const followups = loadQuestions(`${ROOT}tests/fixtures/questions.followup.json`);
  reports.set('followup', await evaluate(engine, followups));
  reports.set('followup alone', await evaluate(engine, followups, { context: false }));
}, 120_000);

const report = (set: string): EvalReport => {
  const r = reports.get(set);
  if (!r) throw new Error(`no report for ${set}`);
  return r;
};

describe('eval floors', () => {
  it.each([
    // set, R@1, R@3, R@5, least share of answerable questions answered, least share of unanswerable abstained on
    ['dev', 0.87, 0.92, 0.95, 0.97, 1],
    ['extra', 0.79, 0.9, 0.9, 0.95, 0.95],
    ['tune', 0.78, 0.89, 0.95, 0.97, 0.9],
    // tune2: written by a helper from the report alone and measured once before any change (0.67 / 0.88 / 0.90,
    // 14/20 abstained, 1/60 refused), tuned on since.
    ['tune2', 0.68, 0.88, 0.9, 0.97, 0.7],
    // Abstention 14 -> 13/18 when "prior to the elections" and "the day preceding election day" stopped counting as
    // another election (a true mend, decided on tune; one unanswerable held-apart question had been refused thanks to it).
    // R@1 0.71 -> 0.69 (two questions; R@3 0.87 -> 0.88) over the session that added tune2's mends, decided on the
    // tuning sets and not looked into on this set (heldout2 went 0.79 -> 0.80 meanwhile). The floor sits two questions
    // below, as the encoder's arithmetic differs in the last bits from one CPU to another.
    ['heldout', 0.67, 0.85, 0.9, 0.97, 0.72],
    ['heldout2', 0.78, 0.93, 0.93, 0.96, 0.75],
  ] as const)('%s: R@1 ≥ %d, R@3 ≥ %d, R@5 ≥ %d, answers ≥ %d of answerable, abstains on ≥ %d of unanswerable', (set, r1, r3, r5, answered, abstained) => {
    const r = report(set);
    expect(r.recallAt1).toBeGreaterThanOrEqual(r1);
    expect(r.recallAt3).toBeGreaterThanOrEqual(r3);
    expect(r.recallAt5).toBeGreaterThanOrEqual(r5);
    expect(r.abstention.answeredRate).toBeGreaterThanOrEqual(answered);
    expect(r.abstention.recall).toBeGreaterThanOrEqual(abstained);
  });

  it('every set is the size it was written at (a floor on a shrunken set proves nothing)', () => {
    expect([...reports.values()].map((r) => r.questions)).toEqual([40, 26, 138, 80, 103, 70, 18, 18]);
  });

  // R@1 0.50 with bge-small-en-v1.5, 0.44 with e5-small-v2 (8 of 18), 0.50 again once the body sentence carrying a
  // footnote's marker led where the footnote adds nothing: the follow-up weights were not retuned for the new
  // encoder, the set being held apart.
  it('follow-ups: the previous question as context finds the answer (R@1 ≥ 0.47, R@3 ≥ 0.7), clearly better than the follow-up alone', () => {
    const withContext = report('followup');
    const alone = report('followup alone');
    expect(withContext.recallAt1).toBeGreaterThanOrEqual(0.47);
    expect(withContext.recallAt3).toBeGreaterThanOrEqual(0.7);
    expect(withContext.recallAt3 - alone.recallAt3).toBeGreaterThanOrEqual(0.1);
  });
});
