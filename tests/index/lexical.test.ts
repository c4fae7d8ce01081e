/**
 * lexical.json is MiniSearch's file: the build's writer must give what
 * MiniSearch itself serialises for the same texts, and the typed BM25 reader
 * must score exactly as MiniSearch's own search over the file: same chunks,
 * same scores, same order.
 */
import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/chunk/chunk.js';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { parseReport } from '../../src/document/index.js';
import { lexicalJson, lexicalSearch, loadLexical } from '../../src/index/lexical.js';
import { loadQuestions } from '../../src/eval/eval.js';
import { analyzeQuery } from '../../src/retrieve/query.js';
import { processTerm } from '../../src/text/analyze.js';
import { ROOT } from '../helpers/corpus.js';

const json = readFileSync(`${ROOT}index/lexical.json`, 'utf8');
const typed = loadLexical(json);
const mini = MiniSearch.loadJSON<{ id: number; text: string }>(json, { idField: 'id', fields: ['text'], storeFields: [], processTerm });

const OPTIONS = { idField: 'id', fields: ['text'], storeFields: [], processTerm };

/** MiniSearch's serialisation of `texts` as document i = text i. */
function miniSearchJson(texts: readonly string[]): string {
  const ms = new MiniSearch<{ id: number; text: string }>(OPTIONS);
  ms.addAll(texts.map((text, id) => ({ id, text })));
  return JSON.stringify(ms);
}

/** The parsed file with its terms in one order (the only freedom the writer has). */
function normalized(json: string): unknown {
  const data = JSON.parse(json) as { index: [string, unknown][] };
  data.index.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return data;
}

describe('the lexical.json writer', () => {
  it('writes what MiniSearch serialises for every chunk of the corpus, field lengths and average to the last bit', () => {
    const texts = loadCorpus(`${ROOT}corpus`).flatMap((r) => chunkDocument(parseReport(r.raw), r.meta).map((c) => c.retrievalText));
    expect(texts.length).toBeGreaterThan(100);
    const ours = [...lexicalJson(texts)].join('');
    expect(normalized(ours)).toEqual(normalized(miniSearchJson(texts)));
  });

  it('agrees on awkward texts: empty, punctuation and stop words only, repeats, Unicode spaces, quotes and escapes', () => {
    const texts = ['', '...', 'the of and', '  leading and trailing  ', 'vote vote VOTE votes', 'CEC\u00a0members\u2003met', "the party's \"quoted\" \\ back\\slash", 'Élection – 7.2 per cent; No. 5', 'tab\tseparated\nlines\r\nhere'];
    const ours = [...lexicalJson(texts)].join('');
    expect(normalized(ours)).toEqual(normalized(miniSearchJson(texts)));
    expect(MiniSearch.loadJSON(ours, OPTIONS).search('vote').map((r) => r.id)).toEqual([4]);
  });

  it('writes a file MiniSearch can load and a large corpus in pieces', () => {
    const texts = Array.from({ length: 3000 }, (_, i) => `report ${i} polling station ${i % 7} observers noted ${i % 13} complaints`);
    const parts = [...lexicalJson(texts)];
    expect(parts.length).toBeGreaterThan(1);
    expect(normalized(parts.join(''))).toEqual(normalized(miniSearchJson(texts)));
  });
});

describe('lexical search over lexical.json', () => {
  it('matches MiniSearch result for result on every dev and extra question', () => {
    const questions = [...loadQuestions(`${ROOT}tests/fixtures/questions.dev.json`), ...loadQuestions(`${ROOT}tests/fixtures/questions.extra.json`)];
    for (const { question } of questions) {
      const q = analyzeQuery(question);
      const terms = [...q.terms.map((term) => ({ term, weight: 1 })), ...q.expansions.map((term) => ({ term, weight: 0.35 }))];
      const weights = new Map<string, number>();
      for (const t of terms) weights.set(t.term, Math.max(weights.get(t.term) ?? 0, t.weight));
      const expected = mini
        .search([...weights.keys()].join(' '), {
          combineWith: 'OR',
          prefix: false,
          fuzzy: false,
          tokenize: (s: string) => s.split(' '),
          processTerm: (t: string) => t,
          boostTerm: (t: string) => weights.get(t) ?? 1,
        })
        .slice(0, 50)
        .map((r) => [Number(r.id), r.score]);
      const got = [...lexicalSearch(typed, terms, 50).entries()];
      expect(got.map(([id]) => id), question).toEqual(expected.map(([id]) => id));
      got.forEach(([, score], i) => expect(score).toBeCloseTo(expected[i]?.[1] ?? NaN, 9));
    }
  });
});
