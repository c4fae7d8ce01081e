/** Spelling correction against the corpus vocabulary (src/text/spell.ts). */
import { describe, expect, it } from 'vitest';
import { correctRealWord, correctSpelling, correctWord, editDistance, nearEnglish, type Vocabulary } from '../../src/text/spell.js';

const vocab: Vocabulary = {
  counts: new Map([
    ['turnout', 4],
    ['voter', 12],
    ['vote', 30],
    ['polling', 40],
    ['stations', 35],
    ['list', 9],
    ['visited', 6],
    ['zhanaozen', 7],
    ['observers', 50],
    ['brought', 2],
  ]),
};
const english = new Set(['bought', 'wage', 'age', 'poling', 'visit', 'observe', 'list', 'vote', 'voter']);
const isEnglish = (w: string): boolean => english.has(w);

describe('editDistance', () => {
  it('counts an adjacent transposition as one edit, and stops past the limit', () => {
    expect(editDistance('turnuot', 'turnout', 2)).toBe(1);
    expect(editDistance('vist', 'visit', 1)).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
  });
});

describe('correctWord', () => {
  it('corrects a word the corpus never uses to the nearest corpus word', () => {
    expect(correctWord('turnuot', vocab, isEnglish)).toBe('turnout');
    expect(correctWord('votr', vocab, isEnglish)).toBe('voter'); // a dropped letter goes before a changed one ("vote" is as near)
    expect(correctWord('zhanaozhen', vocab, isEnglish)).toBe('zhanaozen');
    expect(correctWord('obsrvers', vocab, isEnglish)).toBe('observers');
  });
  it('prefers a base form of a corpus word that keeps the opening letters ("vist" is "visit", not "list")', () => {
    expect(correctWord('vist', vocab, isEnglish)).toBe('visit');
  });
  it('corrects function words the corpus need not hold', () => {
    expect(correctWord('waht', vocab, isEnglish)).toBe('what');
  });
  it('leaves English words, corpus words, short words and numbers alone', () => {
    expect(correctWord('bought', vocab, isEnglish)).toBeNull();
    expect(correctWord('wage', vocab, isEnglish)).toBeNull();
    expect(correctWord('poling', vocab, isEnglish)).toBeNull();
    expect(correctWord('polling', vocab, isEnglish)).toBeNull();
    expect(correctWord('cec', vocab, isEnglish)).toBeNull();
    expect(correctWord('2012', vocab, isEnglish)).toBeNull();
  });
  it('leaves a word with no corpus word near it alone', () => {
    expect(correctWord('budgetary', vocab, isEnglish)).toBeNull();
  });
});

describe('correctSpelling', () => {
  it('replaces only the misspelt words and keeps the writer\'s capitals', () => {
    const r = correctSpelling('Waht was the votr turnuot in Zhanaozhen?', vocab);
    expect(r.text).toBe('What was the voter turnout in Zhanaozen?');
    expect(r.changes.map((c) => c.from)).toEqual(['Waht', 'votr', 'turnuot', 'Zhanaozhen']);
  });
  it('writes out chat shorthand, but not an initial, a word of dots or apostrophes, or a word a report uses', () => {
    expect(correctSpelling('wen r ppl allowed to vote', vocab).text).toBe('when are people allowed to vote');
    expect(correctSpelling('Wat did the govt say abt it?', vocab).text).toBe('What did the government say about it?');
    expect(correctSpelling('y was turnout low', vocab).text).toBe('why was turnout low');
    expect(correctSpelling('was turnout low, and y', vocab).text).toBe('was turnout low, and y');
    expect(correctSpelling('did U.S. observers come? R. Smith said u can', vocab).text).toBe('did U.S. observers come? R. Smith said you can');
    expect(correctSpelling("y'all saw it?", vocab).text).toBe("y'all saw it?");
    // All in capitals, as in lower case.
    expect(correctSpelling('WEN R PPL ALLOWED TO VOTE', vocab).text).toBe('WHEN ARE PEOPLE ALLOWED TO VOTE');
    expect(correctSpelling('wat about Ur?', { counts: new Map([['ur', 2]]) }).text).toBe('what about Ur?');
  });
  it('leaves web and e-mail addresses and letters spelt out one by one as they are', () => {
    expect(correctSpelling('see https://evil.example/votr?u=1 for the votr turnuot', vocab).text).toBe('see https://evil.example/votr?u=1 for the voter turnout');
    expect(correctSpelling('T U R N O U T', vocab).text).toBe('T U R N O U T');
    expect(correctSpelling('how r u counting', vocab).text).toBe('how are you counting');
  });
  it('with shorthandOnly, writes out shorthand and corrects nothing else', () => {
    expect(correctSpelling('wat was the votr turnuot', vocab, { shorthandOnly: true }).text).toBe('what was the votr turnuot');
  });
  it('changes nothing in a well-spelt question', () => {
    expect(correctSpelling('How many polling stations were visited?', vocab)).toEqual({ text: 'How many polling stations were visited?', changes: [] });
  });
});

describe('correctRealWord', () => {
  const phrases = new Set(['polling stations', 'ballot box']);
  const withPhrases: Vocabulary = { counts: vocab.counts, phrase: (a, b) => phrases.has(`${a} ${b}`) };
  it('replaces an English word the corpus never uses where the corpus writes the corrected word beside its neighbour', () => {
    expect(correctRealWord('poling', 'many', 'stations', withPhrases)).toBe('polling');
    expect(correctSpelling('How many poling stations?', withPhrases).text).toBe('How many polling stations?');
  });
  it('not without such a phrase, not beside a function word only, and never another form of the same word', () => {
    expect(correctRealWord('poling', 'the', 'booths', withPhrases)).toBeNull();
    expect(correctRealWord('poling', 'of', null, withPhrases)).toBeNull();
    expect(correctRealWord('visits', null, 'stations', { counts: new Map([['visit', 3]]), phrase: () => true })).toBeNull();
    expect(correctRealWord('poling', 'many', 'stations', vocab)).toBeNull(); // no phrases known: nothing to go on
  });
  it('leaves the pieces of a contraction alone ("didn\'t" is not "did\'t")', () => {
    expect(correctSpelling("polling stations didn't open", { counts: new Map([['did', 4], ['polling', 2], ['stations', 2]]) }).text).toBe("polling stations didn't open");
  });
});

describe('nearEnglish', () => {
  it('tells a slip of an English word from a name', () => {
    expect(nearEnglish('recieve', (w) => w === 'receive')).toBe(true);
    expect(nearEnglish('putin', (w) => w === 'receive')).toBe(false);
  });
});
