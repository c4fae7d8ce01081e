/**
 * The typed BM25 reader of lexical.json must score exactly as MiniSearch's
 * own search over the same file: same chunks, same scores, same order.
 */
import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { lexicalSearch, loadLexical } from '../../src/index/lexical.js';
import { loadQuestions } from '../../src/eval/eval.js';
import { analyzeQuery } from '../../src/retrieve/query.js';
import { processTerm } from '../../src/text/analyze.js';
import { ROOT } from '../helpers/corpus.js';

const json = readFileSync(`${ROOT}index/lexical.json`, 'utf8');
const typed = loadLexical(json);
const mini = MiniSearch.loadJSON<{ id: number; text: string }>(json, { idField: 'id', fields: ['text'], storeFields: [], processTerm });

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
