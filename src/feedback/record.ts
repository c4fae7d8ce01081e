/**
 * One line of the feedback store (FEEDBACK_FILE, JSON Lines): a user's 👍 or
 * 👎 on one answer, with what the answer showed. It never holds a user id:
 * `key` is HMAC-SHA256(secret, user id + answer id), which only tells two
 * votes of one user on one answer apart from the rest (one vote per user per
 * answer) and cannot be turned back into the id without the secret.
 */
import { z } from 'zod';

/** Why a 👎: the choices of the "What was wrong?" modal. */
export const REASONS = ['wrong-quote', 'missing-answer', 'should-not-answer', 'other'] as const;
export type Reason = (typeof REASONS)[number];
export const REASON_LABELS: Readonly<Record<Reason, string>> = {
  'wrong-quote': 'A quote is wrong or does not fit',
  'missing-answer': 'The answer is missing (the report has it)',
  'should-not-answer': 'It should not have answered',
  other: 'Something else',
};

/** Longest comment kept (the modal's text input allows no more). */
export const COMMENT_MAX = 300;
/** Longest question kept (the /ask option allows 1,000; the line must stay short). */
export const QUESTION_MAX = 1000;
/** Longest quote text kept; a longer quote keeps its first characters (still verbatim) and `truncated`. */
export const QUOTE_TEXT_MAX = 600;
/** Quotes kept per record (an answer shows 3). */
export const QUOTES_MAX = 5;

export const FeedbackQuoteSchema = z.object({
  /** The quote as shown, verbatim (a prefix of it when `truncated`). */
  text: z.string().min(1).max(QUOTE_TEXT_MAX),
  truncated: z.boolean(),
  /** Report id. */
  report: z.string(),
  chunkId: z.string(),
  section: z.string().nullable(),
  page: z.number().int().positive(),
  paragraph: z.number().int().positive().nullable(),
  footnote: z.number().int().positive().nullable(),
});
export type FeedbackQuote = z.infer<typeof FeedbackQuoteSchema>;

export const FeedbackRecordSchema = z.object({
  v: z.literal(1),
  /** ISO 8601. */
  time: z.iso.datetime(),
  /** The answer rated (random, per answer message). */
  answerId: z.string().regex(/^[A-Za-z0-9_-]{6,16}$/u),
  /** HMAC-SHA256(secret, user id + answer id), hex: the dedupe key, in place of the user id. */
  key: z.string().regex(/^[0-9a-f]{64}$/u),
  vote: z.enum(['up', 'down']),
  /** Set for a 👎 (from the modal). */
  reason: z.enum(REASONS).nullable(),
  comment: z.string().max(COMMENT_MAX).nullable(),
  question: z.string().min(1).max(QUESTION_MAX),
  /** Whether the answer quoted the report (false: it abstained). */
  answered: z.boolean(),
  quotes: z.array(FeedbackQuoteSchema).max(QUOTES_MAX),
  /** The index version the answer came from (as /healthz and /metrics report it). */
  index: z.string(),
  /**
   * True when the answer's state had expired (e.g. a restart) and the question
   * and quotes were read back from the rated message: the question from the
   * embed title (it may be shortened), the quotes' passages from its buttons.
   */
  restored: z.boolean(),
});
export type FeedbackRecord = z.infer<typeof FeedbackRecordSchema>;
