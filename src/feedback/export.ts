/**
 * Feedback → an eval question set (the format of tests/fixtures/questions.*.json,
 * read by src/eval/eval.ts loadQuestions), one question per distinct question
 * asked (whitespace and case folded):
 *
 * - only 👍, on an answer: gold answers = the top quote of each rated answer
 *   (what the user confirmed), kind "feedback";
 * - only 👍, on an abstention: no gold answers (the eval's "unanswerable"):
 *   the user agreed the report does not answer it;
 * - any 👎: `needsReview: true`, no gold answers, and a `review` note with
 *   the reasons, comments and the top quote shown. `npm run eval` does not
 *   score such questions; it lists them as needing review. Fill in `answers`
 *   (or leave it empty for an unanswerable question) and remove
 *   `needsReview` to make one count.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { FileExistsError, writeFileAtomic } from '../files/write.js';
import { dirname } from 'node:path';
import { z } from 'zod';
import { collapse } from '../answer/answer.js';
import { EvalQuestionSchema, type EvalQuestion } from '../eval/eval.js';
import { ensureDir } from '../files/dirs.js';
import { FeedbackError, malformedNote, readFeedback } from './store.js';
import { REASON_LABELS, type FeedbackRecord } from './record.js';

export const FEEDBACK_KIND = 'feedback';

export interface ExportSummary {
  questions: EvalQuestion[];
  /** Questions marked for review (with a 👎). */
  review: number;
  votes: number;
}

const norm = (q: string): string => collapse(q).toLowerCase();

export function toEvalQuestions(records: readonly FeedbackRecord[]): ExportSummary {
  const groups = new Map<string, FeedbackRecord[]>();
  for (const r of records) {
    const k = norm(r.question);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  const questions: EvalQuestion[] = [];
  let review = 0;
  for (const [k, rs] of groups) {
    // The question as asked (not as read back from a message title) when there is one.
    const first = rs.find((r) => !r.restored) ?? (rs[0] as FeedbackRecord);
    const downs = rs.filter((r) => r.vote === 'down');
    const ups = rs.filter((r) => r.vote === 'up');
    const top = (rs.find((r) => r.answered && r.quotes.length > 0) ?? first).quotes[0];
    const base = {
      id: `fb-${createHash('sha256').update(k, 'utf8').digest('hex').slice(0, 10)}`,
      question: first.question,
      section: top?.section?.split(' › ').at(-1) ?? null,
      footnotes: top?.footnote ? [top.footnote] : [],
      kind: FEEDBACK_KIND,
    };
    if (downs.length > 0) {
      review++;
      const why = downs.map((d) => `${d.reason ? REASON_LABELS[d.reason] : 'no reason given'}${d.comment ? ` ("${collapse(d.comment)}")` : ''}`);
      const shown = top ? `; top quote shown: "${top.text}" (${top.report}, p. ${top.page}${top.paragraph ? `, ¶ ${top.paragraph}` : ''}${top.footnote ? `, footnote ${top.footnote}` : ''})` : rs.some((r) => r.answered) ? '; no quote was recorded' : '; it abstained';
      questions.push({
        ...base,
        answers: [],
        needsReview: true,
        review: `${downs.length} 👎, ${ups.length} 👍: ${why.join('; ')}${shown}`,
      });
      continue;
    }
    const gold = [...new Set(ups.filter((r) => r.answered).flatMap((r) => (r.quotes[0] ? [r.quotes[0].text] : [])))];
    questions.push({ ...base, answers: gold });
  }
  return { questions, review, votes: records.length };
}

/**
 * Writes the question set to `out` atomically, refusing any existing file:
 * a temporary file beside it is linked into place, and link(2) fails when
 * `out` exists (even one that appeared meanwhile).
 */
export function writeQuestionSet(out: string, questions: readonly EvalQuestion[]): void {
  const checked = z.array(EvalQuestionSchema).min(1).parse(questions);
  ensureDir(dirname(out));
  try {
    writeFileAtomic(out, `${JSON.stringify(checked, null, 1)}\n`, { replace: false });
  } catch (e) {
    if (e instanceof FileExistsError) throw new FeedbackError(`${out} already exists; choose another --out (existing files are never overwritten)`);
    throw e;
  }
}

export interface ExportResult extends ExportSummary {
  /** One line about malformed lines skipped, or null. */
  note: string | null;
}

/** Reads the feedback file `input` and writes its eval question set to `out` (see writeQuestionSet). */
export function exportFeedback(input: string, out: string): ExportResult {
  if (!existsSync(input)) throw new FeedbackError(`there is no feedback store at ${input} yet (it is made by the first 👍 or 👎); set --in or FEEDBACK_FILE`);
  const read = readFeedback(input);
  const note = malformedNote(input, read);
  if (read.records.length === 0) throw new FeedbackError(`${input} holds no feedback to export${note ? ` (${note})` : ''}`);
  const summary = toEvalQuestions(read.records);
  writeQuestionSet(out, summary.questions);
  return { ...summary, note };
}
