/**
 * The lexical index: MiniSearch's BM25 over chunk retrieval texts, with
 * English stop words and Porter stemming (see text/analyze.ts).
 */
import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import { processTerm } from '../text/analyze.js';

interface LexicalDoc {
  id: number;
  text: string;
}

const OPTIONS: Options<LexicalDoc> = {
  idField: 'id',
  fields: ['text'],
  storeFields: [],
  processTerm,
};

export type LexicalIndex = MiniSearch<LexicalDoc>;

export function buildLexical(texts: readonly string[]): LexicalIndex {
  const ms = new MiniSearch<LexicalDoc>(OPTIONS);
  ms.addAll(texts.map((text, id) => ({ id, text })));
  return ms;
}

export function loadLexical(json: string): LexicalIndex {
  return MiniSearch.loadJSON<LexicalDoc>(json, OPTIONS);
}

/** BM25 scores by chunk position for stemmed query terms, each with a weight (1 = as typed). */
export function lexicalSearch(index: LexicalIndex, terms: readonly { term: string; weight: number }[], limit: number): Map<number, number> {
  const out = new Map<number, number>();
  const weights = new Map<string, number>();
  for (const t of terms) weights.set(t.term, Math.max(weights.get(t.term) ?? 0, t.weight));
  if (weights.size === 0) return out;
  const results: SearchResult[] = index.search([...weights.keys()].join(' '), {
    combineWith: 'OR',
    prefix: false,
    fuzzy: false,
    tokenize: (q: string) => q.split(' '),
    processTerm: (t: string) => t,
    boostTerm: (term: string) => weights.get(term) ?? 1,
  });
  for (const r of results.slice(0, limit)) out.set(Number(r.id), r.score);
  return out;
}
