/** Retriever's names of several words (retrieve/retriever.ts namePhrasesOf). */
import { describe, expect, it } from 'vitest';
import { namePhrasesOf } from '../../src/retrieve/retriever.js';
import { contentTerms } from '../../src/text/analyze.js';

const TEXTS = [
  'The observers thanked the Ministry of Foreign Affairs for its help.',
  'Observers of the Commonwealth of Independent States (CIS) were accredited.',
  'Ministry of Foreign Affairs officials met the observers.',
  'On Election Day, voters came.',
  'Turnout on election day was high.',
  'Voting in Astana and Almaty was calm.',
];
const df = (t: string): number => TEXTS.filter((x) => contentTerms(x).includes(t)).length;

describe('namePhrasesOf', () => {
  const names = namePhrasesOf(TEXTS, df);
  const byStems = new Map(names.map((n) => [n.stems.join(' '), n]));

  it('finds names of several capitalised words, joined by "of", with the acronym given in brackets', () => {
    const cis = byStems.get(contentTerms('Commonwealth Independent States').join(' '));
    expect(cis?.acronyms).toEqual(['ci']);
    expect(byStems.has(contentTerms('Ministry Foreign Affairs').join(' '))).toBe(true);
  });

  it('names the rarest of its words to stand for it', () => {
    const mfa = byStems.get(contentTerms('Ministry Foreign Affairs').join(' '));
    expect(mfa && df(mfa.rarest)).toBe(Math.min(...(mfa?.stems ?? []).map(df)));
  });

  it('is not a name when the corpus also writes it in lower case, and "and" joins two names, not one', () => {
    expect([...byStems.keys()].some((k) => k.includes(contentTerms('day').join('')))).toBe(false);
    expect([...byStems.keys()].some((k) => k.includes(contentTerms('Astana')[0] ?? '?'))).toBe(false);
  });
});

describe('mentionsAnchor', () => {
  it('a name stands in a sentence as itself, or as all of one of its alternatives, never as one word of a phrase', async () => {
    const { mentionsAnchor } = await import('../../src/retrieve/query.js');
    const cec = { term: 'cec', alternatives: [['central', 'elect', 'commiss']] };
    expect(mentionsAnchor(new Set(['cec', 'member']), cec)).toBe(true);
    expect(mentionsAnchor(new Set(['central', 'elect', 'commiss']), cec)).toBe(true);
    expect(mentionsAnchor(new Set(['head', 'elect', 'observ', 'mission']), cec)).toBe(false);
  });
  it('the glossary gives each acronym its spelt-out name as one phrase', async () => {
    const { analyzeQuery } = await import('../../src/retrieve/query.js');
    expect(analyzeQuery('Who is the head of the CEC?').standInPhrases.get('cec')).toContainEqual(['central', 'elect', 'commiss']);
  });
});
