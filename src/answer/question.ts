/**
 * Cleaning and checking a question before it reaches retrieval. Questions
 * come from Discord users and terminals: anything may arrive.
 */
export const MAX_QUESTION_LENGTH = 1000;

/** A question that cannot be answered as asked; the message is fit for the user. */
export class QuestionError extends Error {
  override name = 'QuestionError';
}

/** A message's text without Discord mentions, channel links, custom emoji, control characters, stacked combining marks and extra whitespace. */
export function questionText(raw: string): string {
  return raw
    .normalize('NFC')
    // Accents compose with their letters ("o" + U+0301 is "ó"); the generic combining marks left over are
    // decoration ("zalgo" text, strike-through), which would hide the words from the search: dropped. Marks of
    // other scripts, which their words need (Devanagari's vowel signs), are kept to the two a letter may carry.
    .replace(/[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+/gu, '')
    .replace(/(\p{M}{2})\p{M}+/gu, '$1')
    .replace(/<@[!&]?\d+>|<#\d+>|<a?:\w+:\d+>|<\/[\w -]+:\d+>/gu, ' ')
    .replace(/@(everyone|here)\b/gu, ' ')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * Removes Discord mentions and channel links, control and zero-width
 * characters and bidi overrides, and collapses whitespace. Throws a
 * QuestionError for an empty, over-long, or word-less question.
 */
export function cleanQuestion(raw: string): string {
  if (raw.length > MAX_QUESTION_LENGTH * 4) {
    throw new QuestionError(`That question is too long: please keep it under ${MAX_QUESTION_LENGTH} characters.`);
  }
  const text = questionText(raw);
  if (text.length === 0) throw new QuestionError('Please ask a question: the message was empty.');
  if (text.length > MAX_QUESTION_LENGTH) {
    throw new QuestionError(`That question is too long (${text.length} characters): please keep it under ${MAX_QUESTION_LENGTH}.`);
  }
  const letters = text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  if (letters < 2) throw new QuestionError('Please ask a question in words: that message has no words to search for.');
  return text;
}
