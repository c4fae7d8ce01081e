/** The ranker's trainer (src/retrieve/train.ts) learns what separates answering sentences, and the committed models are valid. */
import { describe, expect, it } from 'vitest';
import { AnswerabilityModelSchema, defaultAnswerabilityModel } from '../../src/answer/answerable.js';
import { defaultRanker, FEATURES, PRIOR_WEIGHTS, type FeatureVector } from '../../src/retrieve/ranker.js';
import { recallAt1, train, trainLogistic, type TrainingQuestion } from '../../src/retrieve/train.js';
import { createRng } from '../../src/bench/random.js';

const zero = (): FeatureVector => Object.fromEntries(FEATURES.map((f) => [f, 0])) as FeatureVector;

/** Questions whose answering sentence is the one with the most coverage, though its cosine is not the best. */
function questions(n: number, seed: number): TrainingQuestion[] {
  const rand = createRng(seed);
  return Array.from({ length: n }, (_, q) => {
    const candidates = Array.from({ length: 6 }, (_, i) => {
      const f = zero();
      f.dense = -rand() * 2;
      f.coverage = rand() * 0.5;
      return { features: f, answers: i === 0 };
    });
    const gold = candidates[0];
    if (gold) {
      gold.features.coverage = 0.6 + rand() * 0.4;
      gold.features.dense = -1 - rand();
    }
    return { id: `q${q}`, candidates };
  });
}

describe('train', () => {
  it('learns weights that rank the answering sentence first, on questions it was not fitted on', () => {
    const start = { ...PRIOR_WEIGHTS, coverage: 0, dense: 1 };
    const before = recallAt1(questions(60, 2), start);
    const weights = train(questions(60, 1), { start, steps: 400 });
    expect(recallAt1(questions(60, 2), weights)).toBeGreaterThan(0.95);
    expect(before).toBeLessThan(0.5);
    expect(weights.coverage).toBeGreaterThan(0);
  });

  it('fits a logistic model held to the given signs', () => {
    const rows = Array.from({ length: 80 }, (_, i) => ({ x: { a: i % 2, b: (i * 7) % 5 }, y: i % 2 === 1 }));
    const free = trainLogistic(rows, ['a', 'b'] as const);
    expect(free.weights.a).toBeGreaterThan(0);
    const held = trainLogistic(rows, ['a', 'b'] as const, { signs: { a: -1 } });
    expect(held.weights.a).toBeLessThanOrEqual(0);
  });
});

describe('the committed models', () => {
  it('are valid, learnt for the default encoder, on the tuning sets only', () => {
    const ranker = defaultRanker();
    const answerability = defaultAnswerabilityModel();
    expect(ranker.embedder).toBe('transformers:e5-small-v2');
    expect(answerability.embedder).toBe(ranker.embedder);
    expect(AnswerabilityModelSchema.safeParse(answerability).success).toBe(true);
    for (const set of [...ranker.trainedOn, ...answerability.trainedOn]) expect(set).not.toMatch(/heldout/u);
  });
});
