/**
 * Text analysis shared by the lexical index, sentence selection and the
 * answerability check: tokenising, stop words, Porter stemming, and query
 * expansion from an election-observation glossary.
 */
import { stemmer } from 'stemmer';
import { GLOSSARY, type GlossaryEntry } from './glossary.js';

/** Function words and question words that carry no topic. */
export const STOP_WORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by can could ' +
    'did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it ' +
    'its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out over own same she should so some such ' +
    'than that the their theirs them themselves then there these they this those through to too under until up very was we were what when where ' +
    'which while who whom why will with would you your yours yourself yourselves ' +
    // question and filler words
    'many much whether wat whats got get gets getting ever really actually itself please tell us know say said does did done anything something ' +
    'thing things way ways bit lot kind sort so ok okay hey hi one ones did every each single whole entire able'
  ).split(/\s+/u),
);

/** Lower-cases, folds diacritics and typographic apostrophes. */
export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[’‘`´]/gu, "'")
    .toLowerCase();
}

/** Word tokens (letters and digits, inner apostrophes and hyphens split), lower-cased. */
export function tokenize(text: string): string[] {
  return normalize(text)
    .replace(/'s\b/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

export function stem(token: string): string {
  let s = stems.get(token);
  if (s === undefined) {
    s = /^\p{N}+$/u.test(token) ? token : stemmer(token);
    // A report's vocabulary is some thousands of words; the bound only keeps hostile input from growing it.
    if (stems.size >= MAX_STEMS) stems.clear();
    stems.set(token, s);
  }
  return s;
}

/** Stems already made: the Porter stemmer was a tenth of a question's sentence selection, on the same few words. */
const stems = new Map<string, string>();
const MAX_STEMS = 200_000;

/** Stemmed content terms of a text, in order, stop words removed. */
export function contentTerms(text: string): string[] {
  return tokenize(text)
    .filter((t) => !STOP_WORDS.has(t) && (t.length > 1 || /\p{N}/u.test(t)))
    .map(stem);
}

/** A token to its index term (as MiniSearch's `processTerm`): stop words out, the rest stemmed. */
export function processTerm(term: string): string | null {
  const t = normalize(term).replace(/'s$/u, '');
  if (t.length === 0 || STOP_WORDS.has(t)) return null;
  return stem(t);
}

export interface ExpandedQuery {
  /** Stemmed content terms of the question itself. */
  terms: string[];
  /**
   * Stemmed terms added from the glossary, with the phrase that brought them, that phrase's stemmed terms, and
   * the stemmed terms of the whole phrase added ("Central Election Commission": central, elect, commiss).
   */
  expansions: { term: string; from: string; fromTerms: string[]; phrase: string[] }[];
}

/** The question's content terms, plus glossary expansions (acronyms, synonyms, plain-language paraphrases). */
export function expandQuery(question: string, glossary: readonly GlossaryEntry[] = GLOSSARY): ExpandedQuery {
  const terms = contentTerms(question);
  const text = ` ${tokenize(question).join(' ')} `;
  const expansions: ExpandedQuery['expansions'] = [];
  const seen = new Set(terms);
  for (const entry of glossary) {
    const hit = entry.match.find((m) => text.includes(` ${m} `));
    if (!hit) continue;
    for (const phrase of entry.add) {
      const phraseTerms = contentTerms(phrase);
      for (const t of phraseTerms) {
        if (seen.has(t)) continue;
        seen.add(t);
        expansions.push({ term: t, from: hit, fromTerms: contentTerms(hit), phrase: phraseTerms });
      }
    }
  }
  return { terms, expansions };
}
