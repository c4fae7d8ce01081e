/**
 * Spelling correction of questions against the corpus vocabulary.
 *
 * A question word the reports never use is replaced by the corpus word it
 * most likely misspells, when there is one close enough: at an optimal
 * string alignment distance (Damerau-Levenshtein with adjacent
 * transpositions, so "turnuot" is one edit from "turnout") of 1 for words of
 * four or more letters, or 2 for words of eight or more. Among candidates the
 * nearest wins, then the most frequent in the corpus.
 *
 * A word that is itself English (in `an-array-of-english-words`, 275,000
 * words) is left alone, since the reports may simply not use it ("bought"
 * is not "brought", "wage" is not "age"); the encoder still reads it.
 *
 * The distance is hand-written (a few lines) because the npm Levenshtein
 * packages do not count a transposition as one edit, and transposed letters
 * are the commonest typing slip.
 */
import { createRequire } from 'node:module';
import { STOP_WORDS } from './analyze.js';

export interface Vocabulary {
  /** Lower-cased word → how often the corpus uses it. */
  readonly counts: ReadonlyMap<string, number>;
  /** Whether the corpus writes the two lower-cased words one after the other ("polling stations"). */
  readonly phrase?: (first: string, second: string) => boolean;
}

export interface SpellCorrection {
  /** The question with misspelt words replaced (the rest of the text untouched). */
  text: string;
  /** Each replacement made. */
  changes: { from: string; to: string }[];
}

const require = createRequire(import.meta.url);
let english: Set<string> | null = null;

/** The English word list, loaded once per process (about 60 MB; the bot loads it at warm-up). */
export function englishWords(): ReadonlySet<string> {
  english ??= new Set(require('an-array-of-english-words') as string[]);
  return english;
}

/** Optimal string alignment distance, or `max + 1` as soon as it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    row[0] = i;
    rows.push(row);
  }
  const first = rows[0] as number[];
  for (let j = 0; j <= b.length; j++) first[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    let best = max + 1;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** How far a word may be from its correction. */
function allowedEdits(word: string): number {
  if (word.length >= 8) return 2;
  if (word.length >= 4) return 1;
  return 0;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Whether an English word is one edit (insertion, deletion, substitution, transposition) from `word`: then `word` is more likely a slip than a name. */
export function nearEnglish(word: string, isEnglish: (w: string) => boolean = (w) => englishWords().has(w)): boolean {
  const w = word.toLowerCase();
  for (let i = 0; i <= w.length; i++) {
    const head = w.slice(0, i);
    const tail = w.slice(i);
    if (tail && isEnglish(head + tail.slice(1))) return true;
    if (tail.length > 1 && isEnglish(head + (tail[1] ?? '') + (tail[0] ?? '') + tail.slice(2))) return true;
    for (const c of LETTERS) {
      if (tail && isEnglish(head + c + tail.slice(1))) return true;
      if (isEnglish(head + c + tail)) return true;
    }
  }
  return false;
}

/** Question and function words, which a corpus need not contain but questions always do: candidates too ("waht" → "what"). */
const FUNCTION_WORDS = new Map(
  'what when where which while whom whose why how who with were was does did have has had been being there their they them then than that this these those from about into over under after before during because would could should will shall must might also very many much more most some any each every other such only same both either neither'
    .split(' ')
    .map((w) => [w, Number.MAX_SAFE_INTEGER] as const),
);

const bases = new WeakMap<Vocabulary, Map<string, number>>();

/**
 * The English base forms of the corpus's words ("visit" from "visited", "observe" from "observers"), with their
 * words' counts: a question may use a form the reports do not ("vist" is "visit", though the report says "visited").
 */
function baseForms(vocabulary: Vocabulary, isEnglish: (w: string) => boolean): Map<string, number> {
  let out = bases.get(vocabulary);
  if (!out) {
    out = new Map();
    for (const [word, count] of vocabulary.counts) {
      for (const base of [word.replace(/(ed|ing|s|es)$/u, ''), word.replace(/(ed|es|s|d)$/u, ''), word.replace(/ies$/u, 'y')]) {
        if (base !== word && base.length >= 3 && !vocabulary.counts.has(base) && isEnglish(base)) out.set(base, (out.get(base) ?? 0) + count);
      }
    }
    bases.set(vocabulary, out);
  }
  return out;
}

/** The corpus word `word` most likely misspells, or null. */
export function correctWord(word: string, vocabulary: Vocabulary, isEnglish: (w: string) => boolean = (w) => englishWords().has(w)): string | null {
  const w = word.toLowerCase();
  if (!/^\p{L}+$/u.test(w) || vocabulary.counts.has(w) || FUNCTION_WORDS.has(w)) return null;
  const max = allowedEdits(w);
  if (max === 0) return null;
  // An English word is meant as written, even one the reports never use ("bought" is not "brought").
  if (isEnglish(w)) return null;
  const limit = max;
  // Nearest first; then the one that keeps the word's opening letters (slips are rarer at the start: "vist" is
  // "visit", not "list"); then the more frequent.
  let best: { word: string; distance: number; prefix: number; count: number; longer: number } | null = null;
  for (const [candidate, count] of [...vocabulary.counts, ...baseForms(vocabulary, isEnglish), ...FUNCTION_WORDS]) {
    if (Math.abs(candidate.length - w.length) > limit || candidate.length < 3) continue;
    const d = editDistance(w, candidate, limit);
    if (d > limit) continue;
    let prefix = 0;
    while (prefix < w.length && w[prefix] === candidate[prefix]) prefix++;
    // A dropped letter is the commonest slip, then a changed one: longer candidates first, then same-length ones.
    const longer = candidate.length > w.length ? 2 : candidate.length === w.length ? 1 : 0;
    const better =
      !best ||
      d < best.distance ||
      (d === best.distance && (longer > best.longer || (longer === best.longer && (prefix > best.prefix || (prefix === best.prefix && count > best.count)))));
    if (better) best = { word: candidate, distance: d, prefix, count, longer };
  }
  return best?.word ?? null;
}

/**
 * A slip that makes another English word ("poling stations", "pole tax"): an English word the corpus never uses is
 * replaced by a corpus word one edit away only where that word, with the word before or after it as the question
 * writes them, is a phrase the corpus writes ("polling stations"). Context decides, as no word list can.
 */
export function correctRealWord(word: string, before: string | null, after: string | null, vocabulary: Vocabulary): string | null {
  const w = word.toLowerCase();
  const phrase = vocabulary.phrase;
  if (!phrase || w.length < 4 || !/^\p{L}+$/u.test(w) || vocabulary.counts.has(w) || FUNCTION_WORDS.has(w)) return null;
  // Only a content word beside it tells ("polling stations"); "name of" is no evidence for "same of".
  const content = (x: string | null): string | null => (x !== null && x.length >= 3 && !STOP_WORDS.has(x.toLowerCase()) && !FUNCTION_WORDS.has(x.toLowerCase()) ? x.toLowerCase() : null);
  const next = content(after);
  const prev = content(before);
  if (next === null && prev === null) return null;
  // Another form of the same word ("others", "declarations", "dates") is no slip.
  const inflection = (a: string, b: string): boolean => {
    const [short, long] = a.length <= b.length ? [a, b] : [b, a];
    return long.startsWith(short) && /^(s|es|d|ed|n)$/u.test(long.slice(short.length));
  };
  let best: { word: string; count: number } | null = null;
  for (const [candidate, count] of vocabulary.counts) {
    if (candidate.length < 4 || Math.abs(candidate.length - w.length) > 1 || inflection(w, candidate) || editDistance(w, candidate, 1) > 1) continue;
    const fits = (next !== null && phrase(candidate, next)) || (prev !== null && phrase(prev, candidate));
    if (fits && (!best || count > best.count)) best = { word: candidate, count };
  }
  return best?.word ?? null;
}

/**
 * Shorthand of chat and texting for words every question uses ("wat", "wen", "ppl", "govt"): too short or too far
 * from the word for an edit distance ("wen" is itself English, a cyst). General English, not any report's words.
 * "y" is "why" only as a question's first word.
 */
const SHORTHAND = new Map<string, string>([
  ['wat', 'what'], ['wut', 'what'], ['wht', 'what'], ['wen', 'when'], ['whn', 'when'], ['wher', 'where'], ['hw', 'how'],
  ['r', 'are'], ['u', 'you'], ['ur', 'your'], ['abt', 'about'], ['bc', 'because'], ['cuz', 'because'], ['coz', 'because'],
  ['thru', 'through'], ['tho', 'though'], ['ppl', 'people'], ['govt', 'government'], ['pls', 'please'], ['plz', 'please'],
]);

/**
 * The word a chat shorthand stands for, or null. Only a word written in lower case (or the question's first word,
 * capitalised, of three letters or more) that no report uses counts: "U" or "R" may be an initial, "Ur" a place.
 */
export function expandShorthand(word: string, first: boolean, vocabulary: Vocabulary): string | null {
  const w = word.toLowerCase();
  if (vocabulary.counts.has(w)) return null;
  if (word !== w && !(first && w.length >= 3 && word === w.charAt(0).toUpperCase() + w.slice(1))) return null;
  if (w === 'y') return first ? 'why' : null;
  return SHORTHAND.get(w) ?? null;
}

/** Web addresses and e-mail addresses: spelt as they are, never corrected. */
const ADDRESS = /\b[a-z][a-z0-9+.-]*:\/\/\S+|\bwww\.\S+|\S+@\S+\.\S+/giu;
/** Three or more letters standing alone in a row ("T U R N O U T"): a word spelt out, not shorthand. */
const SPELT_OUT = /(?<!\p{L})\p{L}(?:[ \t]+\p{L}(?!\p{L})){2,}/gu;

/**
 * Corrects each misspelt word of a question against the corpus vocabulary,
 * keeping the writer's capitalisation of the first letter. Chat shorthand
 * ("wat", "wen", "ppl") is written out first; a shorthand letter inside a
 * word of dots or apostrophes ("U.S.", "y'all") or among letters spelt out
 * one by one is left alone, and so is every word of a web or e-mail address.
 * With `shorthandOnly`, only the shorthand is written out (what a language
 * check should read: "wat was da turnout" is English in chat, not Portuguese).
 */
export function correctSpelling(question: string, vocabulary: Vocabulary, options: { shorthandOnly?: boolean } = {}): SpellCorrection {
  const changes: SpellCorrection['changes'] = [];
  const shouting = !/\p{Ll}/u.test(question);
  const spans = (re: RegExp): [number, number][] => [...question.matchAll(re)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length]);
  const addresses = spans(ADDRESS);
  const spelt = spans(SPELT_OUT);
  const inside = (list: readonly [number, number][], offset: number): boolean => list.some(([a, b]) => offset >= a && offset < b);
  const text = question.replace(/\p{L}+/gu, (word, offset: number) => {
    if (inside(addresses, offset)) return word;
    const prev = question.charAt(offset - 1);
    const next = question.charAt(offset + word.length);
    // Not a piece of "U.S.", "y'all" or "e-mail" (a full stop that ends the sentence is no such piece).
    const standalone = !/[.'’-]/u.test(prev) && !/['’-]/u.test(next) && !(next === '.' && /\p{L}/u.test(question.charAt(offset + word.length + 1))) && !inside(spelt, offset);
    const first = !/\p{L}/u.test(question.slice(0, offset));
    // A question written all in capitals is read as if in lower case: case must not change the answer.
    const shorthand = standalone ? expandShorthand(shouting ? word.toLowerCase() : word, first, vocabulary) : null;
    const neighbours = (): [string | null, string | null] => [
      /(\p{L}+)[^\p{L}]*$/u.exec(question.slice(0, offset))?.[1] ?? null,
      /^[^\p{L}]*(\p{L}+)/u.exec(question.slice(offset + word.length))?.[1] ?? null,
    ];
    // A piece of a contraction ("didn" of "didn't") is no misspelling.
    const contraction = /['’]/u.test(next);
    const fixed = shorthand ?? (options.shorthandOnly || contraction ? null : (correctWord(word, vocabulary) ?? (standalone ? correctRealWord(word, ...neighbours(), vocabulary) : null)));
    if (!fixed) return word;
    const to = shouting ? fixed.toUpperCase() : /^\p{Lu}/u.test(word) ? fixed.charAt(0).toUpperCase() + fixed.slice(1) : fixed;
    changes.push({ from: word, to });
    return to;
  });
  return { text, changes };
}
