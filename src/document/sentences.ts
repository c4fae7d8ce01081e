/**
 * Sentence boundaries for report prose.
 *
 * A sentence ends at ".", "!" or "?" (with any closing quotes or brackets after
 * it) when whitespace follows and the next word opens a sentence (a capital, a
 * digit, an opening quote or bracket). It does not end after a known
 * abbreviation ("Mr.", "No.", "e.g."), an initial ("J."), or inside a number
 * ("7.2", "68.4"): numbers have no whitespace after their point.
 *
 * Limits: a sentence that really ends with an abbreviation ("… and Co. The")
 * is not split; a sentence that starts with a lower-case word is joined to the
 * one before it.
 */
import type { Span } from './schema.js';

const ABBREVIATIONS = new Set(
  [
    'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jr', 'sr', 'gen', 'col', 'lt', 'rev', 'hon', 'amb',
    'no', 'nos', 'nr', 'art', 'arts', 'para', 'paras', 'par', 'sec', 'ch', 'vol', 'p', 'pp', 'fig', 'ref',
    'e.g', 'i.e', 'cf', 'vs', 'viz', 'approx', 'incl', 'ca', 'al', 'op', 'cit', 'ibid', 'resp',
    'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  ],
);

const END = /[.!?]["'”’)\]]*(?=\s)/gu;
const OPENS_SENTENCE = /^\s+["'“‘(\[]?[\p{Lu}\p{N}]/u;

/** Whether the word that ends right before `dot` is an abbreviation or an initial. */
function isAbbreviation(text: string, dot: number): boolean {
  if (text[dot] !== '.') return false;
  let start = dot;
  while (start > 0 && /[\p{L}.]/u.test(text[start - 1] ?? '')) start--;
  const word = text.slice(start, dot);
  if (word.length === 0) return false;
  if (ABBREVIATIONS.has(word.toLowerCase())) return true;
  if (/^\p{Lu}$/u.test(word)) return true; // an initial: "J. Smith"
  if (/^(\p{L}\.)+\p{L}$/u.test(word)) return true; // "U.S", "e.g"
  return false;
}

/** Sentence spans of `text`, trimmed, covering all of its non-space characters. */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = skipSpace(text, 0);
  for (const m of text.matchAll(END)) {
    const dot = m.index;
    const end = dot + m[0].length;
    if (end <= start) continue;
    if (!OPENS_SENTENCE.test(text.slice(end, end + 4))) continue;
    if (isAbbreviation(text, dot)) continue;
    spans.push({ start, end });
    start = skipSpace(text, end);
  }
  const last = trimEnd(text, text.length);
  if (last > start) spans.push({ start, end: last });
  return spans;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/u.test(text[i] ?? '')) i++;
  return i;
}

function trimEnd(text: string, i: number): number {
  while (i > 0 && /\s/u.test(text[i - 1] ?? '')) i--;
  return i;
}
