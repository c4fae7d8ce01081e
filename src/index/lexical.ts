/**
 * The lexical index: BM25 over chunk retrieval texts, with English stop words
 * and Porter stemming (see text/analyze.ts).
 *
 * lexical.json is MiniSearch's serialisation (version 2, one field "text"):
 * MiniSearch.loadJSON reads it, and tests check it against the file MiniSearch
 * itself writes for the same texts. It is written here from flat postings,
 * not by building a MiniSearch: at 60,000 chunks MiniSearch's radix tree of
 * Maps and its serialised copy are ~400 MB, the flat postings a few MB.
 *
 * It is loaded for querying into typed postings too: MiniSearch's search
 * allocates a result object per matching document and sorts them all, which
 * at 60,000 chunks costs ~60 ms and ~15 MB of garbage a query; the typed form
 * scores into one Float64Array and keeps the best `limit` in a heap (~1–3 ms),
 * and holds the postings in a few MB instead of nested Maps.
 *
 * Scores, and the order of ties, are exactly MiniSearch's (BM25+ with k 1.2,
 * b 0.7, d 0.5; a document's summed score times the number of query terms it
 * matches; ties in the order MiniSearch first met the documents).
 */
import { processTerm } from '../text/analyze.js';

/** MiniSearch's BM25+ defaults, which built and scored the index before. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

/** MiniSearch's default tokenizer: split on any run of Unicode spaces, newlines or punctuation. */
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;

/** The query-only form of lexical.json. Document numbers are MiniSearch's short ids. */
export interface LexicalIndex {
  documentCount: number;
  averageLength: number;
  /** Field length (terms) per short id. */
  lengths: Float64Array;
  /** Short id → chunk position. */
  ids: Int32Array;
  /** Term → the short ids containing it (ascending) and its frequency in each. */
  postings: Map<string, { docs: Int32Array; tfs: Uint16Array }>;
}

/**
 * lexical.json for `texts` (document i is chunk i), as string pieces to write
 * one after another: what JSON.stringify of a MiniSearch with these documents
 * gives, but for the order of the terms (first use here, a radix-tree walk
 * there), which no reader depends on.
 *
 * Tokens are counted as MiniSearch counts them: a document's field length is
 * its number of distinct raw tokens (the empty token included), and the
 * average length is updated one document at a time by the same formula, so
 * the floats match.
 */
export function* lexicalJson(texts: readonly string[]): Generator<string> {
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  let size = 0;
  let termOf: Int32Array = new Int32Array(1024);
  let docOf: Int32Array = new Int32Array(1024);
  let tfOf: Int32Array = new Int32Array(1024);
  const lengths = new Int32Array(texts.length);
  let average = 0;
  texts.forEach((text, doc) => {
    const tokens = text.split(SPACE_OR_PUNCTUATION);
    lengths[doc] = new Set(tokens).size;
    average = (average * doc + (lengths[doc] as number)) / (doc + 1);
    const tfs = new Map<number, number>(); // term id → frequency in this document
    for (const token of tokens) {
      const term = processTerm(token);
      if (!term) continue;
      let id = termIds.get(term);
      if (id === undefined) {
        id = terms.length;
        termIds.set(term, id);
        terms.push(term);
      }
      tfs.set(id, (tfs.get(id) ?? 0) + 1);
    }
    if (size + tfs.size > termOf.length) {
      const capacity = Math.max(termOf.length * 2, size + tfs.size);
      termOf = grow(termOf, capacity);
      docOf = grow(docOf, capacity);
      tfOf = grow(tfOf, capacity);
    }
    for (const [id, tf] of tfs) {
      termOf[size] = id;
      docOf[size] = doc;
      tfOf[size] = tf;
      size++;
    }
  });

  // Postings grouped by term, each group in document order (a stable counting sort).
  const start = new Int32Array(terms.length + 1);
  for (let i = 0; i < size; i++) start[(termOf[i] as number) + 1] = (start[(termOf[i] as number) + 1] as number) + 1;
  for (let t = 0; t < terms.length; t++) start[t + 1] = (start[t + 1] as number) + (start[t] as number);
  const next = start.slice(0, terms.length);
  const order = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const t = termOf[i] as number;
    order[next[t] as number] = i;
    next[t] = (next[t] as number) + 1;
  }

  const n = texts.length;
  yield `{"documentCount":${n},"nextId":${n},"documentIds":{`;
  yield* pieces(n, (doc) => `${doc === 0 ? '' : ','}"${doc}":${doc}`);
  yield '},"fieldIds":{"text":0},"fieldLength":{';
  yield* pieces(n, (doc) => `${doc === 0 ? '' : ','}"${doc}":[${lengths[doc] as number}]`);
  yield `},"averageFieldLength":[${n === 0 ? '' : JSON.stringify(average)}],"storedFields":{},"dirtCount":0,"index":[`;
  yield* pieces(terms.length, (t) => {
    let out = `${t === 0 ? '' : ','}[${JSON.stringify(terms[t])},{"0":{`;
    for (let j = start[t] as number; j < (start[t + 1] as number); j++) {
      const i = order[j] as number;
      out += `${j === start[t] ? '' : ','}"${docOf[i] as number}":${tfOf[i] as number}`;
    }
    return `${out}}}]`;
  });
  yield '],"serializationVersion":2}';
}

/** `count` strings from `one`, joined into pieces of about 64 KB. */
function* pieces(count: number, one: (i: number) => string): Generator<string> {
  let buffer = '';
  for (let i = 0; i < count; i++) {
    buffer += one(i);
    if (buffer.length >= 65536) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

function grow(a: Int32Array, capacity: number): Int32Array {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}

interface SerializedMiniSearch {
  documentCount: number;
  documentIds: Record<string, number>;
  fieldIds: Record<string, number>;
  fieldLength: Record<string, number[]>;
  averageFieldLength: number[];
  index: [string, Record<string, Record<string, number>>][];
  serializationVersion: number;
}

/** Reads lexical.json (MiniSearch serialisation version 2, one field). Throws on any other shape. */
export function loadLexical(json: string): LexicalIndex {
  const data = JSON.parse(json) as SerializedMiniSearch;
  if (data.serializationVersion !== 2 || data.fieldIds?.text !== 0 || !Array.isArray(data.index)) throw new Error('lexical.json: unexpected format');
  const size = Math.max(0, ...Object.keys(data.documentIds).map(Number)) + 1;
  const lengths = new Float64Array(size);
  const ids = new Int32Array(size).fill(-1);
  for (const [short, id] of Object.entries(data.documentIds)) ids[Number(short)] = id;
  for (const [short, fields] of Object.entries(data.fieldLength)) lengths[Number(short)] = fields[0] ?? 0;
  const postings = new Map<string, { docs: Int32Array; tfs: Uint16Array }>();
  for (const [term, fields] of data.index) {
    const freqs = fields['0'];
    if (!freqs) continue;
    const entries = Object.entries(freqs); // integer keys: ascending, as MiniSearch iterates them
    const docs = new Int32Array(entries.length);
    const tfs = new Uint16Array(entries.length);
    entries.forEach(([short, tf], i) => {
      docs[i] = Number(short);
      tfs[i] = tf;
    });
    postings.set(term, { docs, tfs });
  }
  return { documentCount: data.documentCount, averageLength: data.averageFieldLength[0] ?? 1, lengths, ids, postings };
}

/** MiniSearch's calcBM25Score, term for term (so the floats match). */
function bm25(termFreq: number, matchingCount: number, totalCount: number, fieldLength: number, avgFieldLength: number): number {
  const { k, b, d } = BM25;
  const invDocFreq = Math.log(1 + (totalCount - matchingCount + 0.5) / (matchingCount + 0.5));
  return invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
}

/**
 * BM25 scores by chunk position for stemmed query terms, each with a weight
 * (1 = as typed): the best `limit` among chunks `allowed` admits (all when
 * absent). Cost: one pass over the postings of the query terms, plus
 * log(limit) per matching chunk.
 */
export function lexicalSearch(index: LexicalIndex, terms: readonly { term: string; weight: number }[], limit: number, allowed?: (chunk: number) => boolean): Map<number, number> {
  const out = new Map<number, number>();
  const weights = new Map<string, number>();
  for (const t of terms) weights.set(t.term, Math.max(weights.get(t.term) ?? 0, t.weight));
  if (weights.size === 0 || limit <= 0) return out;
  // As MiniSearch tokenised the joined query: split on spaces, one pass per token.
  const tokens = [...weights.keys()].join(' ').split(' ').filter(Boolean);
  const n = index.lengths.length;
  const score = new Float64Array(n);
  const matched = new Uint16Array(n);
  const met = new Uint8Array(n);
  const order: number[] = []; // short ids in the order first met
  const seen = new Set<string>();
  for (const token of tokens) {
    const p = index.postings.get(token);
    if (!p) continue;
    const w = weights.get(token) ?? 1;
    const repeat = seen.has(token); // scores again, but counts once as a matched term
    seen.add(token);
    const df = p.docs.length;
    for (let j = 0; j < df; j++) {
      const doc = p.docs[j] as number;
      if (met[doc] === 0) {
        met[doc] = 1;
        order.push(doc);
      }
      score[doc] = (score[doc] as number) + w * bm25(p.tfs[j] as number, df, index.documentCount, index.lengths[doc] as number, index.averageLength);
      if (!repeat) matched[doc] = (matched[doc] as number) + 1;
    }
  }
  // Best `limit` by score, ties by first meeting: a min-heap of positions in `order`.
  const better = (a: number, b: number): boolean => {
    const da = order[a] as number;
    const db = order[b] as number;
    const sa = (score[da] as number) * (matched[da] as number);
    const sb = (score[db] as number) * (matched[db] as number);
    return sa > sb || (sa === sb && a < b);
  };
  const heap: number[] = [];
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && better(heap[worst] as number, heap[l] as number)) worst = l;
      if (r < heap.length && better(heap[worst] as number, heap[r] as number)) worst = r;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst] as number, heap[i] as number];
      i = worst;
    }
  };
  for (let pos = 0; pos < order.length; pos++) {
    const doc = order[pos] as number;
    const id = index.ids[doc] as number;
    if (id < 0 || (allowed && !allowed(id))) continue;
    if (heap.length < limit) {
      heap.push(pos);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!better(heap[parent] as number, heap[i] as number)) break;
        [heap[i], heap[parent]] = [heap[parent] as number, heap[i] as number];
        i = parent;
      }
    } else if (better(pos, heap[0] as number)) {
      heap[0] = pos;
      down(0);
    }
  }
  heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  for (const pos of heap) {
    const doc = order[pos] as number;
    out.set(index.ids[doc] as number, (score[doc] as number) * (matched[doc] as number));
  }
  return out;
}
