/** text/vague.ts with compromise's real tagger (no mock). */
import { describe, expect, it } from 'vitest';
import { singleWord, vagueMessage, vagueWord } from '../../src/text/vague.js';

describe('vagueWord', () => {
  it('calls one adjective, adverb or interjection vague, whatever its case or punctuation', async () => {
    for (const q of ['clear', 'Clear', 'FAIR?', '  well ', 'ok!', 'quiet...']) expect(await vagueWord(q), q).not.toBeNull();
    expect(await vagueWord('Clear!')).toBe('clear');
  });

  it('answers one noun, name, acronym, verb or number as a topic', async () => {
    for (const q of ['turnout', 'Turnout?', 'observers', 'Zhanaozen', 'CEC', 'vote', 'women', '2007', 'Kazakh']) expect(await vagueWord(q), q).toBeNull();
  });

  it('never calls two words or more vague', async () => {
    for (const q of ['clear view', 'was it fair?', 'very well', 'free and fair']) expect(await vagueWord(q), q).toBeNull();
  });
});

describe('singleWord', () => {
  it('is the one word, lower-cased, with an apostrophe or hyphen inside kept', () => {
    expect(singleWord('  "Well-run"? ')).toBe('well-run');
    expect(singleWord('two words')).toBeNull();
    expect(singleWord('42')).toBeNull();
  });
});

describe('vagueMessage', () => {
  it('names the word and how to search for it', () => {
    expect(vagueMessage('clear', 'use /search')).toBe('“clear” alone is too vague to answer: please ask a whole question, or use /search to list the passages that use it.');
  });
});
