/**
 * Line-level shapes of a PDF-text extraction: what ends a sentence, what opens
 * one, what a heading looks like, where footnote markers are glued to words.
 * Pure functions over one line of text; the parser combines them.
 */

/** A line ending a sentence or a list item: ".", "!", "?", ":" or ";", then any closing quotes or brackets. */
export const ENDS_CLAUSE = /[.!?:;]["'”’)\]]*$/u;
/** A line ending a sentence proper. */
export const ENDS_SENTENCE = /[.!?]["'”’)\]]*$/u;
/** A line whose first word can open a sentence. */
export const OPENS_SENTENCE = /^["'“‘(\[]?[\p{Lu}\p{N}•]/u;
/** A line that is only a bullet glyph, as PDF extraction leaves list bullets. */
export const BULLET_ONLY = /^[•▪◦●■□►‣⁃]$/u;
/** A line that is only a number, such as a footnote number or a page number. */
export const LONE_NUMBER = /^\s*(\d{1,3})\s*$/u;

const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'into', 'of', 'on', 'or', 'the', 'to', 'with', 'vs', '&', 'und', 'et', 'de']);

/** A line's first word: its text up to the first space. */
export function firstWord(text: string): string {
  return /^\S*/u.exec(text)?.[0] ?? '';
}

export function firstWordLength(text: string): number {
  const m = /^\S+/u.exec(text);
  return m ? m[0].length : 0;
}

/** Letters of a line are all capitals, and there are at least three of them. */
export function isAllCaps(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length >= 3 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/**
 * The shape of a heading: short, no closing punctuation, no digits at the
 * start, and either ALL CAPS or Title Case ("Domestic and International
 * Election Observers", "Mission Information & Acknowledgements").
 * Returns the level it suggests (1 for all caps, 2 for title case) or null.
 */
export function headingShape(text: string, maxLength: number): 1 | 2 | null {
  const t = text.trim();
  if (t.length < 3 || t.length > maxLength) return null;
  if (!/^\p{Lu}/u.test(t)) return null;
  if (/[.,;:!?(\[]$/u.test(t) || /[,;:]/u.test(t)) return null;
  if (/\p{N}/u.test(t)) return null;
  if (/https?:|www\.|@/u.test(t)) return null;
  const words = t.split(/\s+/u);
  if (words.length > 10) return null;
  // Only small words ("The", "In a"): the end of a broken line, not a heading.
  if (words.every((w) => SMALL_WORDS.has(w.toLowerCase().replace(/[^\p{L}&]/gu, '')))) return null;
  if (isAllCaps(t)) return 1;
  for (const [i, word] of words.entries()) {
    const bare = word.replace(/^[^\p{L}&]+|[^\p{L}&]+$/gu, '');
    if (bare.length === 0) return null;
    if (i > 0 && SMALL_WORDS.has(bare.toLowerCase())) continue;
    if (!/^\p{Lu}/u.test(bare)) return null;
  }
  return 2;
}

export interface FoundMarker {
  n: number;
  /** Column in the cleaned line where the marker digits stood. */
  col: number;
}

/**
 * Footnote markers in one body line, and the line without them.
 *
 * A marker is 1–3 digits glued to the end of a word ("restrictions33") or to
 * closing punctuation after a word or bracket ("chamber).1", "(RECs),19"),
 * not followed by a letter or digit. Its value must continue the document's
 * numbering: `next` (or up to two beyond it, reported as a gap). Numbers such
 * as "9,764", "68.4", "7.2" or "12:00" have a digit before the punctuation and
 * are never markers; tokens that look like URLs or e-mail addresses are skipped.
 */
export function findMarkers(line: string, next: number): { text: string; markers: FoundMarker[] } {
  const markers: FoundMarker[] = [];
  let text = '';
  let last = 0;
  let expected = next;
  const re = /\d{1,3}(?![\p{L}\p{N}])/gu;
  for (const m of line.matchAll(re)) {
    const at = m.index;
    if (!isGluedAt(line, at)) continue;
    const value = Number(m[0]);
    if (value < expected || value > expected + 2) continue;
    text += line.slice(last, at);
    markers.push({ n: value, col: text.length });
    last = at + m[0].length;
    expected = value + 1;
  }
  text += line.slice(last);
  return { text, markers };
}

/**
 * Whether the digits starting at `at` are glued the way a marker is: to the
 * end of a word, or to closing punctuation after a word or bracket, and not
 * inside a token that looks like a URL or an e-mail address.
 */
export function isGluedAt(line: string, at: number): boolean {
  const before = line[at - 1] ?? '';
  const before2 = line[at - 2] ?? '';
  const glued =
    /[\p{L}]/u.test(before) ||
    (/[.,;:!?)\]”’"']/u.test(before) && /[\p{L})\]”’"'.]/u.test(before2) && !/\p{N}/u.test(before2));
  if (!glued) return false;
  const tokenStart = line.lastIndexOf(' ', at) + 1;
  return !/[/@]|www\./u.test(line.slice(tokenStart, at));
}

/**
 * Advance widths (thousandths of an em) of printable ASCII in a common
 * proportional book face (Times Roman's metrics, as the PDF standard fonts
 * define them). Extracted text has lost its glyph positions; measuring a line
 * in these widths instead of in characters tells a full justified line from
 * a paragraph's last line far better ("illicit" and "MAXIMUM" have seven
 * characters each, but one is twice as wide as the other). Any proportional
 * face is close enough: only ratios between lines of one text matter.
 */
const ASCII_WIDTHS = [
  250, 333, 408, 500, 500, 833, 778, 333, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
  921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
  333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
];
const OTHER_WIDTHS: Record<string, number> = { '’': 333, '‘': 333, '“': 444, '”': 444, '–': 500, '—': 1000, '•': 350, '…': 1000, '€': 500, '§': 500, '°': 400 };

/** Width of `text` in ems of a generic proportional face (see ASCII_WIDTHS). */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    let unit = code >= 32 && code <= 126 ? ASCII_WIDTHS[code - 32] : OTHER_WIDTHS[ch];
    if (unit === undefined) {
      // Accented letters as their base letter; anything else as an average glyph.
      const base = ch.normalize('NFD').codePointAt(0) ?? 0;
      unit = base >= 32 && base <= 126 ? (ASCII_WIDTHS[base - 32] ?? 500) : /\p{Lu}/u.test(ch) ? 700 : 500;
    }
    w += unit;
  }
  return w / 1000;
}
