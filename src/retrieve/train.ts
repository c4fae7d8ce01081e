/**
 * Learning the sentence ranker's weights (ranker.ts) from question sets with
 * gold answers: for each answerable question, the features of every
 * candidate sentence, labelled by whether it holds a gold answer; the
 * weights maximise the probability a softmax over each question's
 * candidates gives its answering sentences (listwise logistic regression),
 * with a small L2 penalty, by Adam. The features do not depend on the
 * weights, so they are computed once.
 *
 * Pure over its inputs: the candidates come from the caller (an Engine).
 */
import { FEATURES, type Feature, type FeatureVector } from './ranker.js';

export interface TrainingQuestion {
  id: string;
  /** Each candidate sentence's features, and whether it answers. */
  candidates: { features: FeatureVector; answers: boolean }[];
}

export interface TrainOptions {
  /** Starting weights. */
  start: Readonly<Record<Feature, number>>;
  /** L2 penalty on the weights. Default 0.01. */
  l2?: number;
  /** Steps of Adam. Default 2000. */
  steps?: number;
  /** Learning rate. Default 0.05. */
  rate?: number;
}

const vec = (f: FeatureVector): number[] => FEATURES.map((name) => f[name]);

/** Share of questions whose best-scored candidate answers, under `weights`. */
export function recallAt1(questions: readonly TrainingQuestion[], weights: Readonly<Record<Feature, number>>): number {
  if (questions.length === 0) return 0;
  const w = FEATURES.map((f) => weights[f]);
  let hits = 0;
  for (const q of questions) {
    let best = -Infinity;
    let answers = false;
    for (const c of q.candidates) {
      const s = vec(c.features).reduce((sum, x, i) => sum + x * (w[i] ?? 0), 0);
      if (s > best) {
        best = s;
        answers = c.answers;
      }
    }
    if (answers) hits++;
  }
  return hits / questions.length;
}

/** Fits the weights; questions without an answering candidate teach nothing and are skipped. */
export function train(questions: readonly TrainingQuestion[], options: TrainOptions): Record<Feature, number> {
  const data = questions
    .filter((q) => q.candidates.some((c) => c.answers) && q.candidates.some((c) => !c.answers))
    .map((q) => ({ x: q.candidates.map((c) => vec(c.features)), y: q.candidates.map((c) => c.answers) }));
  const d = FEATURES.length;
  const w = FEATURES.map((f) => options.start[f]);
  const l2 = options.l2 ?? 0.01;
  const rate = options.rate ?? 0.05;
  const m = new Array<number>(d).fill(0);
  const v = new Array<number>(d).fill(0);
  for (let step = 1; step <= (options.steps ?? 2000); step++) {
    const grad = w.map((wi) => 2 * l2 * wi);
    for (const { x, y } of data) {
      const s = x.map((row) => row.reduce((sum, xi, i) => sum + xi * (w[i] ?? 0), 0));
      const top = Math.max(...s);
      const e = s.map((si) => Math.exp(si - top));
      const z = e.reduce((a, b) => a + b, 0);
      const zPos = e.reduce((a, b, i) => a + (y[i] ? b : 0), 0);
      // d(-log(zPos/z))/dw = E_all[x] - E_pos[x]
      for (let j = 0; j < x.length; j++) {
        const pAll = (e[j] ?? 0) / z;
        const pPos = y[j] ? (e[j] ?? 0) / zPos : 0;
        const row = x[j] ?? [];
        for (let i = 0; i < d; i++) grad[i] = (grad[i] ?? 0) + ((pAll - pPos) * (row[i] ?? 0)) / data.length;
      }
    }
    for (let i = 0; i < d; i++) {
      const g = grad[i] ?? 0;
      m[i] = 0.9 * (m[i] ?? 0) + 0.1 * g;
      v[i] = 0.999 * (v[i] ?? 0) + 0.001 * g * g;
      const mh = (m[i] ?? 0) / (1 - 0.9 ** step);
      const vh = (v[i] ?? 0) / (1 - 0.999 ** step);
      w[i] = (w[i] ?? 0) - (rate * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  return Object.fromEntries(FEATURES.map((f, i) => [f, Math.round((w[i] ?? 0) * 1000) / 1000])) as Record<Feature, number>;
}

/** Fits a logistic regression (features standardised for the fit, folded back after), with a small L2 penalty. */
export function trainLogistic<F extends string>(
  rows: readonly { x: Record<F, number>; y: boolean }[],
  features: readonly F[],
  options: { l2?: number; steps?: number; rate?: number; /** Signs the weights are held to (1: ≥ 0, -1: ≤ 0): what more of a feature must mean. */ signs?: Partial<Record<F, 1 | -1>> } = {},
): { weights: Record<F, number>; bias: number } {
  const d = features.length;
  const mean = features.map((f) => rows.reduce((s, r) => s + r.x[f], 0) / (rows.length || 1));
  const std = features.map((f, i) => Math.sqrt(rows.reduce((s, r) => s + (r.x[f] - (mean[i] ?? 0)) ** 2, 0) / (rows.length || 1)) || 1);
  const xs = rows.map((r) => features.map((f, i) => (r.x[f] - (mean[i] ?? 0)) / (std[i] ?? 1)));
  const w = new Array<number>(d).fill(0);
  let b = 0;
  const l2 = options.l2 ?? 0.01;
  const rate = options.rate ?? 0.1;
  for (let step = 0; step < (options.steps ?? 3000); step++) {
    const g = w.map((wi) => 2 * l2 * wi);
    let gb = 0;
    xs.forEach((x, j) => {
      const z = x.reduce((s, xi, i) => s + xi * (w[i] ?? 0), b);
      const err = 1 / (1 + Math.exp(-z)) - (rows[j]?.y ? 1 : 0);
      for (let i = 0; i < d; i++) g[i] = (g[i] ?? 0) + (err * (x[i] ?? 0)) / xs.length;
      gb += err / xs.length;
    });
    for (let i = 0; i < d; i++) {
      w[i] = (w[i] ?? 0) - rate * (g[i] ?? 0);
      const sign = options.signs?.[features[i] as F];
      if (sign === 1 && (w[i] ?? 0) < 0) w[i] = 0;
      if (sign === -1 && (w[i] ?? 0) > 0) w[i] = 0;
    }
    b -= rate * gb;
  }
  const weights = Object.fromEntries(features.map((f, i) => [f, Math.round(((w[i] ?? 0) / (std[i] ?? 1)) * 10000) / 10000])) as Record<F, number>;
  const bias = b - features.reduce((s, _f, i) => s + ((w[i] ?? 0) * (mean[i] ?? 0)) / (std[i] ?? 1), 0);
  return { weights, bias: Math.round(bias * 10000) / 10000 };
}
