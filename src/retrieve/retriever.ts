/**
 * Hybrid retrieval over a loaded index, then sentence selection.
 *
 * 1. Candidates: the dense nearest neighbours (hnswlib) and the BM25 matches
 *    (index/lexical.ts, MiniSearch's scoring, with glossary expansions at a lower weight).
 * 2. Fusion: each candidate chunk gets a weighted sum of its min-max
 *    normalised cosine and BM25 scores.
 * 3. Sentences: every sentence of the best chunks is scored by its own
 *    cosine, the question's idf-weighted terms it contains, whether it holds
 *    the kind of answer asked for, and the score of its best chunk.
 * 4. Passages: the best sentences become quotes of one to three contiguous
 *    sentences of one paragraph or footnote (a neighbour is added when the
 *    sentence leans on it, or when it also answers), with no overlaps.
 *
 * Pure over its inputs: no Discord, no model (the query vector is given).
 */
import type { Chunk } from '../chunk/chunk.js';
import type { LoadedIndex } from '../index/store.js';
import { lexicalSearch } from '../index/lexical.js';
import { contentTerms } from '../text/analyze.js';
import { countsNear, definesTarget, definitionTarget, hasAnswerType, type QueryAnalysis } from './query.js';

export interface RetrievalWeights {
  dense: number;
  lexical: number;
  /** Weight of glossary expansions relative to the question's own terms in BM25. */
  expansion: number;
  sentenceDense: number;
  sentenceLexical: number;
  sentenceType: number;
  sentenceChunk: number;
}

export const DEFAULT_WEIGHTS: RetrievalWeights = {
  dense: 0.3,
  lexical: 0.7,
  expansion: 0.35,
  sentenceDense: 0.2,
  sentenceLexical: 0.35,
  sentenceType: 0.3,
  sentenceChunk: 0.3,
};

export interface Hit {
  /** Position of the chunk in the index. */
  index: number;
  chunk: Chunk;
  dense: number;
  lexical: number;
  score: number;
}

export interface ScoredSentence {
  /** Source key: report, and paragraph id or footnote number. */
  source: string;
  chunk: Chunk;
  /** Sentence index in the source. */
  sentence: number;
  text: string;
  score: number;
  dense: number;
  /** Share of the question's idf weight this sentence covers (0–1). */
  coverage: number;
  typed: boolean;
  /** Stemmed terms of the sentence (and, for a footnote, of the sentence carrying its marker). */
  terms: Set<string>;
  /** Stemmed terms of the sentence, its neighbours, and (for a footnote) the sentence carrying its marker. */
  context: Set<string>;
}

export interface Passage {
  chunk: Chunk;
  /** Sentences [start, end) of the source. */
  start: number;
  end: number;
  text: string;
  score: number;
  /** The sentence that answered best. */
  best: ScoredSentence;
}

export interface RetrieveOptions {
  /** Only chunks of this report id. */
  report?: string;
  /** Candidate chunks taken from each retriever. */
  candidates?: number;
  weights?: RetrievalWeights;
}

export class Retriever {
  private readonly idf = new Map<string, number>();
  private readonly sentenceTerms: Set<string>[] = [];
  /** Footnote chunk position → row of the body sentence carrying its marker. */
  private readonly carrierRows = new Map<number, number>();
  /** Report id → positions of its chunks. */
  private readonly reportChunks = new Map<string, number[]>();

  constructor(readonly index: LoadedIndex) {
    const rows = index.manifest.counts.sentences;
    const df = new Map<string, number>();
    const rowTexts: string[] = new Array<string>(rows).fill('');
    // Every window of a source shares its sentence rows: fill them once per source.
    const filled = new Set<number>();
    index.chunks.forEach((c, i) => {
      const base = index.sentenceRows[i] ?? 0;
      if (filled.has(base)) return;
      filled.add(base);
      c.sentences.forEach((s, k) => {
        rowTexts[base + k] = c.sourceText.slice(s.start, s.end);
      });
    });
    // Rows with the same text share a vector, and here one term set.
    const termsOfVector = new Map<number, Set<string>>();
    rowTexts.forEach((text, row) => {
      const vector = index.sentenceVectors.rows[row] as number;
      let terms = termsOfVector.get(vector);
      if (!terms) {
        terms = new Set(contentTerms(text));
        termsOfVector.set(vector, terms);
      }
      this.sentenceTerms.push(terms);
      for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
    });
    for (const [t, n] of df) this.idf.set(t, Math.log(1 + (rows - n + 0.5) / (n + 0.5)));
    this.unknownIdf = Math.log(1 + (rows + 0.5) / 0.5);
    // Footnotes inherit the words and meaning of the sentence that carries their marker.
    const paragraphRow = new Map<string, number>();
    index.chunks.forEach((c, i) => {
      if (c.kind === 'body') paragraphRow.set(`${c.citation.document}:${c.citation.paragraphId}`, index.sentenceRows[i] ?? 0);
    });
    index.chunks.forEach((c, i) => {
      const own = this.reportChunks.get(c.citation.document);
      if (own) own.push(i);
      else this.reportChunks.set(c.citation.document, [i]);
    });
    const reports = new Map(index.reports.map((r) => [r.meta.id, r]));
    index.chunks.forEach((c, i) => {
      if (c.kind !== 'footnote' || c.citation.footnote === null) return;
      const report = reports.get(c.citation.document);
      const f = report?.document.footnotes.find((x) => x.n === c.citation.footnote);
      const base = f?.marker ? paragraphRow.get(`${c.citation.document}:${f.marker.paragraph}`) : undefined;
      if (f?.marker && base !== undefined) this.carrierRows.set(i, base + f.marker.sentence);
    });
  }

  private readonly unknownIdf: number;

  idfOf(term: string): number {
    return this.idf.get(term) ?? this.unknownIdf;
  }

  /** Whether a stemmed term occurs anywhere in the index. */
  knows(term: string): boolean {
    return this.idf.has(term);
  }

  /**
   * Share of the question's weight carried by words the index has never
   * seen and the glossary cannot stand in for (0–1).
   */
  unknownShare(q: QueryAnalysis): { share: number; terms: string[] } {
    const weights = this.termWeights(q);
    const total = weights.reduce((sum, t) => sum + t.weight, 0) || 1;
    const unknown = weights.filter((t) => !this.knows(t.term) && t.standIns.length === 0);
    return { share: unknown.reduce((sum, t) => sum + t.weight, 0) / total, terms: unknown.map((t) => t.term) };
  }

  private termWeights(q: QueryAnalysis): { term: string; standIns: string[]; weight: number }[] {
    return q.terms.map((t) => {
      const standIns = (q.standIns.get(t) ?? []).filter((x) => this.knows(x));
      const weight = this.knows(t) ? this.idfOf(t) : standIns.length > 0 ? mean(standIns.map((x) => this.idfOf(x))) : this.unknownIdf * 0.5;
      return { term: t, standIns, weight };
    });
  }

  /** Hybrid chunk search. */
  search(q: QueryAnalysis, vector: Float32Array, options: RetrieveOptions = {}): Hit[] {
    const w = options.weights ?? DEFAULT_WEIGHTS;
    const n = this.index.chunks.length;
    const k = Math.min(n, options.candidates ?? 60);
    const allowed = options.report ? (i: number) => this.index.chunks[i]?.citation.document === options.report : undefined;
    const candidates = new Set<number>();
    if (k > 0) {
      // hnswlib's filtered search walks most of the graph when the filter admits
      // one report in hundreds (~65 ms at 60,000 chunks); one report's chunks
      // are few, so they are scored exactly instead.
      const own = options.report ? (this.reportChunks.get(options.report) ?? []) : null;
      const knn = own ? this.nearestAmong(vector, own, k) : this.index.hnsw.searchKnn(Array.from(vector), k).neighbors;
      for (const label of knn) candidates.add(label);
    }
    const lexTerms = [...q.terms.map((term) => ({ term, weight: 1 })), ...q.expansions.map((term) => ({ term, weight: w.expansion }))];
    // The filter applies before the cut, so a report's own lexical matches are not crowded out by other reports'.
    const lex = lexicalSearch(this.index.lexical, lexTerms, k * 2, allowed);
    for (const i of lex.keys()) candidates.add(i);
    const ids = [...candidates];
    const dense = ids.map((i) => this.cosineChunk(vector, i));
    const minD = Math.min(...dense);
    const maxD = Math.max(...dense);
    const maxL = Math.max(0, ...ids.map((i) => lex.get(i) ?? 0));
    const hits: Hit[] = ids.map((i, j) => {
      const d = dense[j] ?? 0;
      const l = lex.get(i) ?? 0;
      const dn = maxD > minD ? (d - minD) / (maxD - minD) : 0;
      const ln = maxL > 0 ? l / maxL : 0;
      const chunk = this.index.chunks[i] as Chunk;
      return { index: i, chunk, dense: d, lexical: l, score: w.dense * dn + w.lexical * ln };
    });
    return hits.sort((a, b) => b.score - a.score || a.index - b.index);
  }

  /** Scores the sentences of the best hits. */
  scoreSentences(q: QueryAnalysis, vector: Float32Array, hits: readonly Hit[], options: RetrieveOptions = {}): ScoredSentence[] {
    const w = options.weights ?? DEFAULT_WEIGHTS;
    const top = hits.slice(0, 30);
    const best = new Map<string, ScoredSentence>();
    const maxHit = top[0]?.score ?? 1;
    // Each question term weighs its idf (an unknown term weighs what its stand-ins weigh);
    // a sentence covers it fully by name, or mostly through a glossary stand-in.
    const termWeights = this.termWeights(q);
    const qTotal = termWeights.reduce((sum, t) => sum + t.weight, 0) || 1;
    const target = q.answerType === 'definition' ? definitionTarget(q.question) : null;
    const quantity = q.answerType === 'number' || q.answerType === 'percent';
    const counted = q.counted;
    const denseScores: number[] = [];
    const pending: Omit<ScoredSentence, 'score'>[] = [];
    const seen = new Set<string>();
    const hitScore: number[] = [];
    for (const hit of top) {
      const c = hit.chunk;
      const base = this.index.sentenceRows[hit.index] ?? 0;
      const sourceKey = `${c.citation.document}:${c.kind === 'body' ? c.citation.paragraphId : `fn${c.citation.footnote}`}`;
      for (let s = c.window.start; s < c.window.end; s++) {
        const key = `${sourceKey}:${s}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const span = c.sentences[s];
        if (!span) continue;
        const text = c.sourceText.slice(span.start, span.end);
        const own = this.sentenceTerms[base + s] ?? new Set<string>();
        const carrier = this.carrierRows.get(hit.index);
        const inherited = carrier === undefined ? undefined : this.sentenceTerms[carrier];
        const has = (t: string): boolean => own.has(t) || (inherited?.has(t) ?? false);
        let covered = 0;
        for (const t of termWeights) covered += has(t.term) ? t.weight : t.standIns.some(has) ? 0.7 * t.weight : 0;
        const dense = Math.max(this.cosineSentence(vector, base + s), carrier === undefined ? -1 : this.cosineSentence(vector, carrier) - 0.05);
        denseScores.push(dense);
        hitScore.push(this.bestHitScore(hits, sourceKey, s) / (maxHit || 1));
        const terms = new Set<string>([...own, ...(inherited ?? [])]);
        const context = new Set<string>(terms);
        for (const near of [s - 1, s + 1]) {
          if (near >= 0 && near < c.sentences.length) for (const t of this.sentenceTerms[base + near] ?? []) context.add(t);
        }
        pending.push({ source: sourceKey, chunk: c, sentence: s, text, dense, coverage: Math.min(1, covered / qTotal), typed: target ? definesTarget(text, target) : hasAnswerType(text, q.answerType) && (!quantity || countsNear(text, counted, q.wantsCount)), terms, context });
      }
    }
    const minD = Math.min(...denseScores);
    const maxD = Math.max(...denseScores);
    pending.forEach((p, i) => {
      const dn = maxD > minD ? (p.dense - minD) / (maxD - minD) : 0;
      const score = w.sentenceDense * dn + w.sentenceLexical * p.coverage + w.sentenceType * (p.typed ? 1 : 0) + w.sentenceChunk * (hitScore[i] ?? 0);
      best.set(`${p.source}:${p.sentence}`, { ...p, score });
    });
    return [...best.values()].sort((a, b) => b.score - a.score || a.text.length - b.text.length);
  }

  /** Builds non-overlapping passages of one to three sentences from scored sentences. */
  passages(sentences: readonly ScoredSentence[], limit: number): Passage[] {
    const out: Passage[] = [];
    const bySource = new Map<string, Map<number, ScoredSentence>>();
    for (const s of sentences) {
      let m = bySource.get(s.source);
      if (!m) bySource.set(s.source, (m = new Map()));
      m.set(s.sentence, s);
    }
    const taken = new Map<string, [number, number][]>();
    for (const s of sentences) {
      if (out.length >= limit) break;
      const used = taken.get(s.source) ?? [];
      if (used.some(([a, b]) => s.sentence >= a && s.sentence < b)) continue;
      let start = s.sentence;
      let end = s.sentence + 1;
      const peers = bySource.get(s.source);
      const overlaps = (a: number, b: number): boolean => used.some(([x, y]) => a < y && x < b);
      // A sentence that leans on the one before it ("This…", "They…") takes it along.
      if (start > 0 && LEANS_BACK.test(s.text) && !overlaps(start - 1, end)) start--;
      // A neighbour that answers nearly as well joins, up to three sentences.
      for (const next of [end, start - 1]) {
        if (end - start >= 3) break;
        const peer = peers?.get(next);
        if (peer && peer.score >= 0.85 * s.score && !overlaps(Math.min(start, next), Math.max(end, next + 1))) {
          start = Math.min(start, next);
          end = Math.max(end, next + 1);
        }
      }
      const c = s.chunk;
      const first = c.sentences[start];
      const last = c.sentences[end - 1];
      if (!first || !last) continue;
      used.push([start, end]);
      taken.set(s.source, used);
      out.push({ chunk: c, start, end, text: c.sourceText.slice(first.start, last.end), score: s.score, best: s });
    }
    return out;
  }

  private bestHitScore(hits: readonly Hit[], sourceKey: string, sentence: number): number {
    let best = 0;
    for (const h of hits.slice(0, 30)) {
      const c = h.chunk;
      const key = `${c.citation.document}:${c.kind === 'body' ? c.citation.paragraphId : `fn${c.citation.footnote}`}`;
      if (key === sourceKey && sentence >= c.window.start && sentence < c.window.end) best = Math.max(best, h.score);
    }
    return best;
  }

  /** The `k` chunks among `positions` nearest the query, best first (exact; cost linear in `positions`). */
  private nearestAmong(q: Float32Array, positions: readonly number[], k: number): number[] {
    return positions
      .map((i) => ({ i, d: this.cosineChunk(q, i) }))
      .sort((a, b) => b.d - a.d || a.i - b.i)
      .slice(0, k)
      .map((x) => x.i);
  }

  /** Cosine of the query with a chunk's vector: the normalised sum of its sentences' vectors, computed on demand. */
  private cosineChunk(q: Float32Array, i: number): number {
    const dims = this.index.dims;
    const c = this.index.chunks[i];
    if (!c) return 0;
    const base = this.index.sentenceRows[i] ?? 0;
    const v = this.index.sentenceVectors;
    const sum = new Float64Array(dims);
    for (let s = c.window.start; s < c.window.end; s++) v.addTo(sum, base + s);
    if (c.kind === 'footnote') {
      const carrier = this.carrierRows.get(i);
      if (carrier !== undefined) v.addTo(sum, carrier, 0.5);
    }
    let dot = 0;
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      const x = sum[d] ?? 0;
      dot += (q[d] ?? 0) * x;
      norm += x * x;
    }
    return norm > 0 ? dot / Math.sqrt(norm) : 0;
  }

  private cosineSentence(q: Float32Array, row: number): number {
    return this.index.sentenceVectors.dot(q, row);
  }
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
}

/** Sentences that open by pointing back at the one before. */
const LEANS_BACK = /^(This|These|That|Those|They|It|Its|Their|Such|He|She|His|Her|In these cases|In both cases|As a result|However|Moreover|Furthermore|Nevertheless|Similarly|Additionally|Thus|Therefore|Also)\b/u;
