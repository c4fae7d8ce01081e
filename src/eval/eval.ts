/**
 * Retrieval and abstention quality on a question set with gold answer strings.
 *
 * Hit rule: question, gold and quote are compared after collapsing
 * whitespace. A quote hits when it contains one of the gold answers; for a
 * gold answer over 60 characters, its first or its last 60 characters suffice.
 */
import { z } from 'zod';
import { collapse, type Quote } from '../answer/answer.js';
import type { Engine } from '../engine/engine.js';
import { FileCheckError, readCheckedFile } from '../files/read.js';
import { without, type Feature, type RankerModel } from '../retrieve/ranker.js';

export const EvalQuestionSchema = z.object({
  id: z.string(),
  question: z.string(),
  answers: z.array(z.string()),
  section: z.string().nullable(),
  footnotes: z.array(z.number().int()),
  kind: z.string(),
  /** Set on questions exported from 👎 feedback (npm run feedback -- export): not scored until a person reviews them. */
  needsReview: z.boolean().optional(),
  /** What the reviewer should know (the reasons and comments given, the quote shown). */
  review: z.string().optional(),
  /** For a follow-up: the question asked just before it in the same thread (the engine gets it as context, as the bot does). */
  previous: z.string().min(1).optional(),
});
export type EvalQuestion = z.infer<typeof EvalQuestionSchema>;

/** A question set that cannot be read or is not one; the message names the file and the problem in one line. */
export class QuestionSetError extends Error {
  override name = 'QuestionSetError';
}

const FS_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** The largest question set read (a set of thousands of questions is a few MB). */
const MAX_QUESTION_SET_BYTES = 32 * 1024 * 1024;

/** Reads and validates a question set (a JSON array of questions with gold answers). */
export function loadQuestions(path: string): EvalQuestion[] {
  let text: string;
  try {
    // A regular file of bounded size only: /dev/zero or a FIFO is refused, never read without end.
    text = readCheckedFile(path, { maxBytes: MAX_QUESTION_SET_BYTES, what: 'question set' }).toString('utf8');
  } catch (e) {
    if (e instanceof FileCheckError) throw new QuestionSetError(`cannot read the question set: ${e.message}`);
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new QuestionSetError(`cannot read the question set ${path}: ${FS_PROBLEMS[code] ?? code ?? 'read failed'}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new QuestionSetError(`${path} is not JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  const result = z.array(EvalQuestionSchema).min(1, 'the set is empty').safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    const what = !Array.isArray(data) ? 'expected a JSON array of questions' : `${issue?.message ?? 'invalid'}${at}`;
    throw new QuestionSetError(`${path} is not a question set: ${what} (each question: id, question, answers, section, footnotes, kind)`);
  }
  return result.data;
}

export function quoteHits(quote: string, answers: readonly string[]): boolean {
  const q = collapse(quote);
  return answers.some((raw) => {
    const a = collapse(raw);
    if (q.includes(a)) return true;
    return a.length > 60 && (q.includes(a.slice(0, 60)) || q.includes(a.slice(-60)));
  });
}

export interface QuestionResult {
  id: string;
  kind: string;
  question: string;
  answerable: boolean;
  /** 1-based rank of the first hitting quote within the top 10, or null. */
  rank: number | null;
  answered: boolean;
  reason: string;
  top: string;
}

export interface EvalReport {
  questions: number;
  answerable: number;
  recallAt1: number;
  recallAt3: number;
  recallAt5: number;
  mrrAt10: number;
  byKind: Record<string, { n: number; recallAt1: number; recallAt3: number; recallAt5: number }>;
  abstention: {
    /** Unanswerable questions the engine abstained on. */
    truePositives: number;
    /** Answerable questions it abstained on. */
    falsePositives: number;
    /** Unanswerable questions it answered. */
    falseNegatives: number;
    /** Answerable questions it answered. */
    trueNegatives: number;
    precision: number;
    recall: number;
    /** Share of answerable questions answered. */
    answeredRate: number;
  };
  results: QuestionResult[];
  /** Ids of the questions not scored because they need review (`needsReview`). */
  needsReview: string[];
}

export interface EvalOptions {
  ranker?: RankerModel;
  glossary?: boolean;
  /** Give follow-ups (questions with `previous`) their context (default true); false asks them alone. */
  context?: boolean;
}

/** A ranker that keeps only the given features (their trained weights), the rest off. */
function only(base: RankerModel, keep: readonly Feature[]): RankerModel {
  return without(base, (Object.keys(base.weights) as Feature[]).filter((f) => !keep.includes(f)));
}

/** Retrieval variants for `npm run eval -- --ablate`: what each lever is worth. */
export function ablations(base: RankerModel): { name: string; options: EvalOptions }[] {
  return [
    { name: 'hybrid (default)', options: {} },
    { name: 'no glossary expansion', options: { glossary: false } },
    { name: 'no answer-type features', options: { ranker: without(base, ['typed', 'untyped']) } },
    { name: 'no footnote, judgement or other-election features', options: { ranker: without(base, ['footnote', 'evaluative', 'otherTime']) } },
    { name: 'no window (chunk) cosine', options: { ranker: without(base, ['window']) } },
    { name: 'lexical only (BM25, coverage, answer type)', options: { ranker: only(base, ['lexical', 'coverage', 'coverageContext', 'typed', 'untyped']) } },
    { name: 'encoder only (sentence and window cosine)', options: { ranker: only(base, ['dense', 'denseRank', 'window']), glossary: false } },
    { name: 'encoder only, sentence cosine alone', options: { ranker: only(base, ['dense']), glossary: false } },
    { name: 'follow-ups asked without their previous question', options: { context: false } },
  ];
}

export async function evaluate(engine: Engine, questions: readonly EvalQuestion[], options: EvalOptions = {}): Promise<EvalReport> {
  const results: QuestionResult[] = [];
  const needsReview = questions.filter((q) => q.needsReview === true).map((q) => q.id);
  for (const q of questions) {
    if (q.needsReview === true) continue;
    const { answer, ranked, answerability } = await engine.ask(q.question, {
      k: 10,
      ...(options.ranker ? { ranker: options.ranker } : {}),
      ...(options.glossary === false ? { glossary: false } : {}),
      ...(q.previous !== undefined && options.context !== false ? { context: { previousQuestion: q.previous } } : {}),
    });
    const answerable = q.answers.length > 0;
    const idx = ranked.slice(0, 10).findIndex((quote: Quote) => quoteHits(quote.text, q.answers));
    results.push({
      id: q.id,
      kind: q.kind,
      question: q.question,
      answerable,
      rank: answerable && idx >= 0 ? idx + 1 : null,
      answered: answer.answered,
      reason: answerability.reason,
      top: ranked[0]?.text.slice(0, 120) ?? '',
    });
  }
  const ans = results.filter((r) => r.answerable);
  const at = (k: number, rs: readonly QuestionResult[]): number => (rs.length === 0 ? 0 : rs.filter((r) => r.rank !== null && r.rank <= k).length / rs.length);
  const byKind: EvalReport['byKind'] = {};
  for (const kind of [...new Set(ans.map((r) => r.kind))].sort()) {
    const rs = ans.filter((r) => r.kind === kind);
    byKind[kind] = { n: rs.length, recallAt1: at(1, rs), recallAt3: at(3, rs), recallAt5: at(5, rs) };
  }
  const un = results.filter((r) => !r.answerable);
  const tp = un.filter((r) => !r.answered).length;
  const fp = ans.filter((r) => !r.answered).length;
  const fn = un.filter((r) => r.answered).length;
  const tn = ans.filter((r) => r.answered).length;
  return {
    questions: results.length,
    answerable: ans.length,
    recallAt1: at(1, ans),
    recallAt3: at(3, ans),
    recallAt5: at(5, ans),
    mrrAt10: ans.length === 0 ? 0 : ans.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0) / ans.length,
    byKind,
    abstention: {
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      trueNegatives: tn,
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: un.length === 0 ? 1 : tp / un.length,
      answeredRate: ans.length === 0 ? 1 : tn / ans.length,
    },
    results,
    needsReview,
  };
}

const pct = (x: number): string => x.toFixed(2);

export function formatReport(r: EvalReport, verbose = false): string {
  const out: string[] = [];
  out.push(`${r.questions} questions, ${r.answerable} answerable`);
  if (r.needsReview.length > 0) out.push(`${r.needsReview.length} more need review and were not scored (needsReview: 👎 feedback): ${r.needsReview.join(', ')}`);
  out.push('', '| metric | value |', '|---|---|');
  out.push(`| R@1 | ${pct(r.recallAt1)} |`, `| R@3 | ${pct(r.recallAt3)} |`, `| R@5 | ${pct(r.recallAt5)} |`, `| MRR@10 | ${pct(r.mrrAt10)} |`);
  out.push('', '| kind | n | R@1 | R@3 | R@5 |', '|---|---|---|---|---|');
  for (const [kind, k] of Object.entries(r.byKind)) out.push(`| ${kind} | ${k.n} | ${pct(k.recallAt1)} | ${pct(k.recallAt3)} | ${pct(k.recallAt5)} |`);
  const a = r.abstention;
  out.push('', 'Abstention (positive = the engine abstains)', '| | report has no answer | report answers |', '|---|---|---|');
  out.push(`| abstained | ${a.truePositives} | ${a.falsePositives} |`, `| answered | ${a.falseNegatives} | ${a.trueNegatives} |`);
  out.push('', `abstention precision ${pct(a.precision)}, recall ${pct(a.recall)}; answerable questions answered: ${pct(a.answeredRate)}`);
  if (verbose) {
    out.push('', 'Per question:');
    for (const q of r.results) {
      out.push(`  ${q.id} ${q.kind.padEnd(12)} rank=${q.rank ?? '-'} ${q.answered ? 'answered' : 'ABSTAINED'}${q.answerable ? '' : ' (unanswerable)'} | ${q.question}`);
      if (q.rank !== 1) out.push(`      top: ${q.top}`, `      why: ${q.reason}`);
    }
  }
  return out.join('\n');
}
