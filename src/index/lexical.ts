/**
 * The lexical index: BM25 over chunk retrieval texts, with English stop words
 * and Porter stemming (see text/analyze.ts), scored exactly as MiniSearch
 * scores (BM25+ with k 1.2, b 0.7, d 0.5; a document's summed score times the
 * number of query terms it matches; ties in the order MiniSearch first meets
 * the documents). Tests hold it to MiniSearch result for result.
 *
 * Stored as flat postings, not as MiniSearch's serialisation: at 60,000
 * chunks MiniSearch's in-memory index is ~400 MB to build, its JSON ~200 MB
 * to parse, and its search allocates a result per matching document (~60 ms
 * a query). Flat postings are written from a few typed arrays, loaded as
 * views on one buffer, and scored into one Float64Array with a heap for the
 * best `limit` (~1–3 ms).
 *
 *   lexical.json  { format, documentCount, averageLength, terms, postings }:
 *                 the terms in file order and each one's number of postings
 *   lexical.bin   uint32 field length × documentCount, then uint32 document
 *                 × total postings, then uint16 term frequency × total
 *                 postings; each term's postings in document order, terms in
 *                 lexical.json's order (platform byte order)
 *
 * Limits: a term frequency above 65,535 in one chunk is stored as 65,535.
 */
import { z } from 'zod';
import { processTerm } from '../text/analyze.js';

/** MiniSearch's BM25+ defaults. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

/** MiniSearch's default tokenizer: split on any run of Unicode spaces, newlines or punctuation. */
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;

const MAX_TF = 65535;

export const LexicalHeaderSchema = z.strictObject({
  format: z.literal(1),
  documentCount: z.number().int().nonnegative(),
  /** Mean field length, updated a document at a time as MiniSearch does (so the float matches). */
  averageLength: z.number().nonnegative(),
  terms: z.array(z.string()),
  /** Postings per term, in `terms` order. */
  postings: z.array(z.number().int().positive()),
});
export type LexicalHeader = z.infer<typeof LexicalHeaderSchema>;

/** The lexical index in memory. Document numbers are chunk positions. */
export interface LexicalIndex {
  documentCount: number;
  averageLength: number;
  /** Field length (distinct raw tokens, as MiniSearch counts) per document. */
  lengths: Uint32Array;
  /** Term → the documents containing it (ascending) and its frequency in each. */
  postings: Map<string, { docs: Uint32Array; tfs: Uint16Array }>;
}

/** The two files of a lexical index. */
export interface LexicalFiles {
  header: LexicalHeader;
  binary: Uint8Array;
}

/**
 * The lexical index of `texts` (document i is chunk i). Tokens are counted as
 * MiniSearch counts them: split by its default tokenizer, each token through
 * processTerm; a document's field length is its number of distinct raw tokens
 * (the empty token included).
 */
export function buildLexical(texts: readonly string[]): LexicalFiles {
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  let size = 0;
  let termOf: Uint32Array = new Uint32Array(1024);
  let docOf: Uint32Array = new Uint32Array(1024);
  let tfOf: Uint16Array = new Uint16Array(1024);
  const n = texts.length;
  const lengths = new Uint32Array(n);
  let average = 0;
  texts.forEach((text, doc) => {
    const tokens = text.split(SPACE_OR_PUNCTUATION);
    const length = new Set(tokens).size;
    lengths[doc] = length;
    average = (average * doc + length) / (doc + 1);
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
      termOf = grow(termOf, new Uint32Array(capacity));
      docOf = grow(docOf, new Uint32Array(capacity));
      tfOf = grow(tfOf, new Uint16Array(capacity));
    }
    for (const [id, tf] of tfs) {
      termOf[size] = id;
      docOf[size] = doc;
      tfOf[size] = Math.min(tf, MAX_TF);
      size++;
    }
  });

  // Postings grouped by term, each group in document order (a stable counting sort).
  const counts = new Array<number>(terms.length).fill(0);
  for (let i = 0; i < size; i++) counts[termOf[i] as number] = (counts[termOf[i] as number] as number) + 1;
  const next = new Uint32Array(terms.length);
  for (let t = 1; t < terms.length; t++) next[t] = (next[t - 1] as number) + (counts[t - 1] as number);
  // lexical.bin: field lengths, then documents, then frequencies (see the file comment).
  const bytes = new Uint8Array(4 * n + 6 * size);
  new Uint32Array(bytes.buffer, 0, n).set(lengths);
  const docs = new Uint32Array(bytes.buffer, 4 * n, size);
  const tfs = new Uint16Array(bytes.buffer, 4 * n + 4 * size, size);
  for (let i = 0; i < size; i++) {
    const t = termOf[i] as number;
    const at = next[t] as number;
    docs[at] = docOf[i] as number;
    tfs[at] = tfOf[i] as number;
    next[t] = at + 1;
  }
  return { header: { format: 1, documentCount: n, averageLength: average, terms, postings: counts }, binary: bytes };
}

/** The lexical index from its two files; throws a RangeError when they do not fit together. */
export function loadLexical(header: LexicalHeader, binary: Uint8Array): LexicalIndex {
  const n = header.documentCount;
  if (header.postings.length !== header.terms.length) throw new RangeError('lexical index: terms and posting counts differ in number');
  const total = header.postings.reduce((a, b) => a + b, 0);
  if (binary.byteLength !== 4 * n + 6 * total) throw new RangeError('lexical index: lexical.bin has the wrong size');
  // Views on the buffer when aligned (a large file has a buffer of its own), on a copy otherwise.
  const buffer = binary.byteOffset % 4 === 0 ? binary.buffer : binary.slice().buffer;
  const base = binary.byteOffset % 4 === 0 ? binary.byteOffset : 0;
  const lengths = new Uint32Array(buffer, base, n);
  const docs = new Uint32Array(buffer, base + 4 * n, total);
  const tfs = new Uint16Array(buffer, base + 4 * n + 4 * total, total);
  const postings = new Map<string, { docs: Uint32Array; tfs: Uint16Array }>();
  let at = 0;
  header.terms.forEach((term, t) => {
    const count = header.postings[t] as number;
    const own = docs.subarray(at, at + count);
    for (let j = 0; j < count; j++) if ((own[j] as number) >= n || (j > 0 && (own[j] as number) <= (own[j - 1] as number))) throw new RangeError(`lexical index: postings of "${term}" are out of order or range`);
    postings.set(term, { docs: own, tfs: tfs.subarray(at, at + count) });
    at += count;
  });
  return { documentCount: n, averageLength: header.averageLength, lengths, postings };
}

function grow<T extends Uint32Array | Uint16Array>(from: T, to: T): T {
  to.set(from);
  return to;
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
    if (allowed && !allowed(doc)) continue;
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
    out.set(doc, (score[doc] as number) * (matched[doc] as number));
  }
  return out;
}
