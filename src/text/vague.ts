/**
 * A question too vague to answer from: a single word that names nothing, an
 * adjective, an adverb or an interjection ("clear", "fair", "well", "ok").
 * Quoting the sentences that happen to use such a word answers nothing the
 * asker said; the answer asks for a whole question instead (or points at the
 * search, which lists the passages that use a word).
 *
 * A single noun, name, acronym, number or verb is a topic ("turnout",
 * "Zhanaozen", "CEC", "2007", "vote") and is answered as any question is.
 * Two words or more are never called vague here: "clear view" and "was it
 * fair?" say what they ask about.
 *
 * The word's part of speech comes from compromise's lexicon and tagger
 * (loaded on the first one-word question: it takes a few hundred
 * milliseconds). Limits: out of a sentence, a word that is both is tagged as
 * its commonest use, so "open" and "secret" are adjectives here while
 * "count" and "results" are verbs (answered).
 */

/** Tags of a word that names nothing to look up. */
const VAGUE_TAGS = new Set(['Adjective', 'Adverb', 'Expression', 'Determiner', 'Pronoun', 'Preposition', 'Conjunction', 'QuestionWord', 'Copula', 'Modal', 'Auxiliary', 'Negative']);
/** Tags that make a word a topic, whatever else it is tagged. */
const TOPIC_TAGS = new Set(['Noun', 'Value', 'Acronym', 'ProperNoun', 'Verb']);

type Tagger = (word: string) => readonly string[];
let tagger: Promise<Tagger> | undefined;

function loadTagger(): Promise<Tagger> {
  tagger ??= import('compromise').then(({ default: nlp }) => (word: string): readonly string[] => {
    const terms = nlp(word).json() as { terms?: { tags?: string[] }[] }[];
    return terms[0]?.terms?.length === 1 ? (terms[0].terms[0]?.tags ?? []) : [];
  });
  return tagger;
}

/** The question's one word, lower-cased, when the question is that word alone (letters, an apostrophe, a hyphen; punctuation around it ignored). */
export function singleWord(question: string): string | null {
  const m = /^[\s\p{P}]*(\p{L}[\p{L}'’-]*)[\s\p{P}]*$/u.exec(question);
  return m?.[1] ? m[1].toLowerCase() : null;
}

/** The word when `question` is one word that names nothing (see above); else null. */
export async function vagueWord(question: string): Promise<string | null> {
  const word = singleWord(question);
  if (!word) return null;
  const tags = (await loadTagger())(word);
  if (tags.some((t) => TOPIC_TAGS.has(t))) return null;
  return tags.some((t) => VAGUE_TAGS.has(t)) ? word : null;
}

/** The line an abstention shows for a vague word; `search` says how to list the passages that use it ("use /search"). */
export function vagueMessage(word: string, search: string): string {
  return `“${word}” alone is too vague to answer: please ask a whole question, or ${search} to list the passages that use it.`;
}
