/**
 * The lexical index must be MiniSearch's, held in flat postings: the same
 * terms, postings, field lengths and average length as a MiniSearch over the
 * same texts, and search results that match MiniSearch's own search result
 * for result: same chunks, same scores, same order.
 */
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/chunk/chunk.js';
import { loadCorpus } from '../../src/corpus/corpus.js';
import { parseReport } from '../../src/document/index.js';
import { buildLexical, LexicalHeaderSchema, lexicalSearch, loadLexical, type LexicalIndex } from '../../src/index/lexical.js';
import { loadIndex } from '../../src/index/store.js';
import { loadQuestions } from '../../src/eval/eval.js';
import { analyzeQuery } from '../../src/retrieve/query.js';
import { processTerm } from '../../src/text/analyze.js';
import { ROOT } from '../helpers/corpus.js';

type Mini = MiniSearch<{ id: number; text: string }>;

function miniSearch(texts: readonly string[]): Mini {
  const ms: Mini = new MiniSearch({ idField: 'id', fields: ['text'], storeFields: [], processTerm });
  ms.addAll(texts.map((text, id) => ({ id, text })));
  return ms;
}

/** Our index through its files: built, the header through JSON and zod, the binary as written. */
function ours(texts: readonly string[]): LexicalIndex {
  const files = buildLexical(texts);
  return loadLexical(LexicalHeaderSchema.parse(JSON.parse(JSON.stringify(files.header))), files.binary);
}

/** Both indexes in one shape: term → [document, frequency][], field lengths, average length. */
function contents(index: LexicalIndex): unknown {
  const postings = Object.fromEntries([...index.postings].map(([term, p]) => [term, [...p.docs].map((d, j) => [d, p.tfs[j]])]).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)));
  return { documentCount: index.documentCount, averageLength: index.averageLength, lengths: [...index.lengths], postings };
}
function miniContents(ms: Mini): unknown {
  const json = JSON.parse(JSON.stringify(ms)) as { documentCount: number; averageFieldLength: number[]; fieldLength: Record<string, number[]>; documentIds: Record<string, number>; index: [string, Record<string, Record<string, number>>][] };
  for (const [short, id] of Object.entries(json.documentIds)) expect(Number(short)).toBe(id); // short ids are chunk positions
  const postings = Object.fromEntries(json.index.map(([term, f]) => [term, Object.entries(f['0'] ?? {}).map(([d, tf]) => [Number(d), tf])]).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)));
  return { documentCount: json.documentCount, averageLength: json.averageFieldLength[0] ?? 0, lengths: Object.values(json.fieldLength).map((f) => f[0]), postings };
}

const corpusTexts = loadCorpus(`${ROOT}corpus`).flatMap((r) => chunkDocument(parseReport(r.raw), r.meta).map((c) => c.retrievalText));

describe('the lexical index holds what MiniSearch holds', () => {
  it('for every chunk of the corpus: terms, postings, field lengths, and the average length to the last bit', () => {
    expect(corpusTexts.length).toBeGreaterThan(100);
    expect(contents(ours(corpusTexts))).toEqual(miniContents(miniSearch(corpusTexts)));
  });

  it('for awkward texts: empty, punctuation and stop words only, repeats, Unicode spaces, quotes and escapes', () => {
    const texts = ['', '...', 'the of and', '  leading and trailing  ', 'vote vote VOTE votes', 'CEC\u00a0members\u2003met', 'the party\'s "quoted" \\ back\\slash', 'Élection – 7.2 per cent; No. 5', 'tab\tseparated\nlines\r\nhere'];
    expect(contents(ours(texts))).toEqual(miniContents(miniSearch(texts)));
  });

  it('refuses files that do not fit together', () => {
    const files = buildLexical(['polling stations opened', 'observers noted queues']);
    expect(() => loadLexical(files.header, files.binary.subarray(2))).toThrow(/wrong size/u);
    expect(() => loadLexical({ ...files.header, postings: files.header.postings.slice(1) }, files.binary)).toThrow(/differ/u);
    const swapped = files.binary.slice();
    new Uint32Array(swapped.buffer, 8, 1)[0] = 7; // a document number past the end
    expect(() => loadLexical(files.header, swapped)).toThrow(/out of order or range/u);
  });
});

describe('lexical search', () => {
  const mini = miniSearch(corpusTexts);
  const search = (ms: Mini, weights: Map<string, number>): [number, number][] =>
    ms
      .search([...weights.keys()].join(' '), { combineWith: 'OR', prefix: false, fuzzy: false, tokenize: (s: string) => s.split(' '), processTerm: (t: string) => t, boostTerm: (t: string) => weights.get(t) ?? 1 })
      .slice(0, 50)
      .map((r) => [Number(r.id), r.score]);

  it('over the committed index matches MiniSearch result for result on every dev and extra question', () => {
    const typed = loadIndex(`${ROOT}index`).lexical;
    const questions = [...loadQuestions(`${ROOT}tests/fixtures/questions.dev.json`), ...loadQuestions(`${ROOT}tests/fixtures/questions.extra.json`)];
    for (const { question } of questions) {
      const q = analyzeQuery(question);
      const terms = [...q.terms.map((term) => ({ term, weight: 1 })), ...q.expansions.map((term) => ({ term, weight: 0.35 }))];
      const weights = new Map<string, number>();
      for (const t of terms) weights.set(t.term, Math.max(weights.get(t.term) ?? 0, t.weight));
      const expected = search(mini, weights);
      const got = [...lexicalSearch(typed, terms, 50).entries()];
      expect(got.map(([id]) => id), question).toEqual(expected.map(([id]) => id));
      got.forEach(([, score], i) => expect(score).toBeCloseTo(expected[i]?.[1] ?? NaN, 9));
    }
  });

  it('applies the filter before the cut, as MiniSearch does', () => {
    const typed = ours(corpusTexts);
    const weights = new Map([['elect', 1]]);
    const even = (id: number): boolean => id % 2 === 0;
    const expected = mini
      .search('elect', { combineWith: 'OR', prefix: false, fuzzy: false, tokenize: (s: string) => s.split(' '), processTerm: (t: string) => t, filter: (r) => even(Number(r.id)) })
      .slice(0, 10)
      .map((r) => Number(r.id));
    expect(expected.length).toBe(10);
    expect([...lexicalSearch(typed, [...weights].map(([term, weight]) => ({ term, weight })), 10, even).keys()]).toEqual(expected);
  });
});
