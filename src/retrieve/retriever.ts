/**
 * Hybrid retrieval over a loaded index, then sentence selection.
 *
 * 1. Candidates: the chunks nearest the question by the encoder (hnswlib,
 *    or exactly within one report) and the best BM25 matches
 *    (index/lexical.ts, MiniSearch's scoring, glossary expansions at a lower
 *    weight), taken together.
 * 2. Sentences: every sentence of the candidate chunks gets the features of
 *    ranker.ts (its own cosine and its window's, BM25, idf coverage, the
 *    expected answer type, footnote, judgement, another election's figures)
 *    and the ranker's linear score.
 * 3. Passages: the best sentences become quotes of one to three contiguous
 *    sentences of one paragraph or footnote (a neighbour is added when the
 *    sentence leans on it, or when it also answers), with no overlaps.
 *
 * Pure over its inputs: no Discord, no model (the query vector is given).
 */
import type { Chunk } from '../chunk/chunk.js';
import type { LoadedIndex } from '../index/store.js';
import { lexicalSearch } from '../index/lexical.js';
import { contentTerms, stem, tokenize } from '../text/analyze.js';
import { englishWords, nearEnglish, type Vocabulary } from '../text/spell.js';
import { asksAboutOtherTime, EVALUATIVE, holdsType, ORG_WORDS, otherTimeOf, shareNeighbours, STRICT_TYPES } from './answer-types.js';
import { definesTarget, definitionTarget, mentionsAnchor, type QueryAnalysis } from './query.js';
import { defaultRanker, FEATURES, score as rankScore, type FeatureVector, type RankerModel } from './ranker.js';

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
  /** The sentence's own cosine with the question (for a footnote, the better of its own and its marker sentence's). */
  dense: number;
  /** Share of the question's idf weight this sentence covers (0–1). */
  coverage: number;
  /** The question expects a kind of answer and this sentence holds it (always true for open questions). */
  typed: boolean;
  features: FeatureVector;
  /** Stemmed terms of the sentence (and, for a footnote, of the sentence carrying its marker). */
  terms: ReadonlySet<string>;
  /** Stemmed terms of the sentence, its neighbours, and (for a footnote) the sentence carrying its marker. */
  context: ReadonlySet<string>;
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
  /** Candidate chunks taken from each retriever (dense, lexical). Default 30. */
  candidates?: number;
  /** The sentence ranker (default: the committed one). */
  ranker?: RankerModel;
  /** Glossary expansions' weight relative to the question's own terms in BM25. Default 0.35. */
  expansionWeight?: number;
  /** A follow-up's terms from the previous question, added to the BM25 query at `contextWeight`. */
  contextTerms?: readonly string[];
  /** Weight of `contextTerms` relative to the question's own terms. Default 0.3. */
  contextWeight?: number;
}

/** A name the question uses, as the corpus writes it: the answering sentence (or its neighbours) must mention it. */
export interface Anchor {
  term: string;
  /** What may stand for it instead: acronyms and glossary phrases, each as stemmed terms that must all be said. */
  alternatives: string[][];
}

interface RowFacts {
  terms: ReadonlySet<string>;
  context: ReadonlySet<string>;
  /** The terms with those of the sentence before (what a sentence that follows on from it may be about). */
  leadIn: ReadonlySet<string>;
  evaluative: boolean;
  reference: boolean;
  /** Whether it is about another election, or names another year only (see otherTimeOf). */
  otherTime: 'election' | 'year' | null;
}

/** Lower-case words inside a name ("Court of Human Rights", "Republic of the Congo"). */
const NAME_JOINERS = new Set(['of', 'the']);

export class Retriever {
  private readonly idf = new Map<string, number>();
  private readonly sentenceTerms: Set<string>[] = [];
  /** Row → the row's raw sentence text. */
  private readonly rowText: string[] = [];
  /** Footnote chunk position → row of the body sentence carrying its marker. */
  private readonly carrierRows = new Map<number, number>();
  /** Footnote chunk id → the key (report:paragraph:sentence, as `source:sentence`) of the body sentence carrying its marker. */
  private readonly carrierKeys = new Map<string, string>();
  /** Chunk position → the norm of its summed sentence vectors (-1 until first needed). */
  private readonly chunkNorms: Float64Array;
  /** Report id → positions of its chunks. */
  private readonly reportChunks = new Map<string, number[]>();
  /** Report id → the election's year, from its metadata. */
  private readonly electionYear = new Map<string, number>();
  /** Report id → stemmed words of its own metadata (country, title): names any of its sentences answers to. */
  private readonly reportNames = new Map<string, Set<string>>();
  /** Stems the corpus writes capitalised mid-sentence nearly always: names, acronyms. */
  readonly properNouns = new Set<string>();
  /** Every word of the corpus, lower-cased, with its frequency (for spelling correction). */
  readonly vocabulary: Vocabulary;
  /** Names of several words the corpus writes capitalised wherever it uses them ("Commonwealth of Independent States"). */
  private readonly namePhrases: readonly NamePhrase[];
  /** Capitalised words the corpus uses in names of bodies or places, not of people (see answer-types.ts NameContext). */
  readonly notPeople = new Set<string>();

  /** The corpus's sentences, lower case, letters and digits only, one space between words: flattened on first use. */
  private flat: string | null = null;

  /** Row → what its text says whatever the question (see rowFacts). */
  private readonly facts = new Map<number, RowFacts>();

  constructor(readonly index: LoadedIndex) {
    this.chunkNorms = new Float64Array(index.chunks.length).fill(-1);
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
    this.rowText = rowTexts;
    // Rows with the same text share a vector, and here one term set.
    const termsOfVector = new Map<number, Set<string>>();
    const counts = new Map<string, number>();
    const capital = new Map<string, [number, number]>();
    const surface = new Map<string, string>();
    rowTexts.forEach((text, row) => {
      const vector = index.sentenceVectors.rows[row] as number;
      let terms = termsOfVector.get(vector);
      if (!terms) {
        terms = new Set(contentTerms(text));
        termsOfVector.set(vector, terms);
        const words = text.match(/\p{L}+/gu) ?? [];
        words.forEach((w, k) => {
          const lower = w.toLowerCase();
          counts.set(lower, (counts.get(lower) ?? 0) + 1);
          if (k === 0) return; // a sentence's first word is capitalised anyway
          const st = stem(lower);
          if (!surface.has(st)) surface.set(st, lower);
          const c = capital.get(st) ?? [0, 0];
          c[/^\p{Lu}/u.test(w) ? 0 : 1]++;
          capital.set(st, c);
        });
      }
      this.sentenceTerms.push(terms);
      for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
    });
    // Phrases the corpus writes, for the spelling correction's context ("poling stations" is "polling stations").
    const phrase = (a: string, b: string): boolean => this.writes([a, b]);
    this.vocabulary = { counts, phrase };
    // Names of bodies and places, as the corpus uses them: "the Nur Otan party", "in Almaty".
    for (const text of new Set(rowTexts)) {
      for (const m of text.matchAll(/\b(the|in|at|from|of) ((?:\p{Lu}[\p{Ll}’'-]+ ){1,3})/gu)) {
        const words = (m[2] ?? '').trim().split(' ');
        const next = text.slice((m.index ?? 0) + m[0].length).split(/\s+/u)[0] ?? '';
        const body = m[1] === 'the' || ORG_WORDS.test(next) || words.some((w) => ORG_WORDS.test(w));
        if (body || m[1] !== 'of') for (const w of words) if (!ORG_WORDS.test(w)) this.notPeople.add(w.toLowerCase().replace(/[’'].*$/u, ''));
      }
      // "Ak Zhol party", "Kyzylorda TEC": words that stand before a body's word name that body.
      for (const m of text.matchAll(/((?:\p{Lu}[\p{Ll}’'-]+ ){1,3})(\p{Lu}\S*)/gu)) {
        if (!ORG_WORDS.test(m[2] ?? '')) continue;
        for (const w of (m[1] ?? '').trim().split(' ')) if (!ORG_WORDS.test(w)) this.notPeople.add(w.toLowerCase().replace(/[’'].*$/u, ''));
      }
    }
    // A name is written capitalised mid-sentence (nearly) always; an English word so written ("Joint", "Ministry")
    // must be so at least three times and never otherwise before it counts as one.
    for (const [st, [upper, lower]] of capital) {
      if (st.length < 2 || upper < 9 * lower || upper === 0) continue;
      const word = surface.get(st) ?? st;
      if (englishWords().has(word) && (upper < 3 || lower > 0)) continue;
      this.properNouns.add(st);
    }
    for (const [t, n] of df) this.idf.set(t, Math.log(1 + (rows - n + 0.5) / (n + 0.5)));
    this.namePhrases = namePhrasesOf(new Set(rowTexts), (t) => df.get(t) ?? 0);
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
    for (const r of index.reports) {
      this.electionYear.set(r.meta.id, Number(r.meta.electionDate.slice(0, 4)));
      this.reportNames.set(r.meta.id, new Set(contentTerms(`${r.meta.country} ${r.meta.shortTitle} ${r.meta.fullTitle} ${r.meta.publisher}`)));
    }
    index.chunks.forEach((c, i) => {
      if (c.kind !== 'footnote' || c.citation.footnote === null) return;
      const report = reports.get(c.citation.document);
      const f = report?.document.footnotes.find((x) => x.n === c.citation.footnote);
      const base = f?.marker ? paragraphRow.get(`${c.citation.document}:${f.marker.paragraph}`) : undefined;
      if (f?.marker && base !== undefined) {
        this.carrierRows.set(i, base + f.marker.sentence);
        this.carrierKeys.set(c.id, `${c.citation.document}:${f.marker.paragraph}:${f.marker.sentence}`);
      }
    });
  }

  private readonly unknownIdf: number;

  /**
   * What a sentence row says whatever the question: its terms (with those of the footnote marker's sentence it
   * inherits), its terms with its neighbours', whether it assesses, whether it cites a reference, whether it
   * speaks of another election or year. Worked out once per row, when a question first reaches it: building
   * these sets and running these regular expressions on the same rows was half of sentence selection. The
   * sets are shared by every ScoredSentence of the row, hence read-only.
   */
  private rowFacts(position: number, s: number): RowFacts {
    const base = this.index.sentenceRows[position] ?? 0;
    let f = this.facts.get(base + s);
    if (!f) {
      const c = this.index.chunks[position];
      const span = c?.sentences[s];
      const text = c && span ? c.sourceText.slice(span.start, span.end) : '';
      const carrier = this.carrierRows.get(position);
      const carrierText = carrier === undefined ? '' : (this.rowText[carrier] ?? '');
      const terms = new Set<string>([...(this.sentenceTerms[base + s] ?? []), ...(carrier === undefined ? [] : (this.sentenceTerms[carrier] ?? []))]);
      const context = new Set<string>(terms);
      const leadIn = new Set<string>(terms);
      if (c && s > 0) for (const t of this.sentenceTerms[base + s - 1] ?? []) leadIn.add(t);
      for (const near of [s - 1, s + 1]) {
        if (c && near >= 0 && near < c.sentences.length) for (const t of this.sentenceTerms[base + near] ?? []) context.add(t);
      }
      f = {
        terms,
        context,
        leadIn,
        evaluative: EVALUATIVE.test(text),
        reference: isReference(text),
        otherTime: otherTimeOf(`${carrierText} ${text}`, c ? (this.electionYear.get(c.citation.document) ?? null) : null),
      };
      this.facts.set(base + s, f);
    }
    return f;
  }

  /**
   * Works out every row's facts now, a slice at a time (yielding between slices: ~15 ms of work each), so
   * that the first questions after a start do not pay for them. Optional: rows not done yet are done when a
   * question first reaches them. Cost: ~30 µs a row (10 ms for the committed report, ~2 s and some tens of
   * MB at 200 reports).
   */
  async precompute(slice = 500): Promise<void> {
    let done = 0;
    for (const [position, c] of this.index.chunks.entries()) {
      for (let s = 0; s < c.sentences.length; s++) this.rowFacts(position, s);
      done += c.sentences.length;
      if (done >= slice) {
        done = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }

  /** Stems the corpus puts beside a share (answer-types.ts shareNeighbours), found on the first headless share question. */
  private shareTermSet: Set<string> | null = null;
  private shareTerms(): ReadonlySet<string> {
    this.shareTermSet ??= shareNeighbours(this.rowText);
    return this.shareTermSet;
  }

  idfOf(term: string): number {
    return this.idf.get(term) ?? this.unknownIdf;
  }

  /** Whether a stemmed term occurs anywhere in the index. */
  knows(term: string): boolean {
    return this.idf.has(term);
  }

  /**
   * The names the question uses: its terms that the corpus writes as names
   * (whatever the question's own capitals), except the report's own
   * (its country, its title), which every one of its sentences answers to.
   */
  anchorsOf(q: QueryAnalysis, report?: string): Anchor[] {
    const own = report ? this.reportNames.get(report) : undefined;
    const ownAll = own ?? (this.index.reports.length === 1 ? this.reportNames.get(this.index.reports[0]?.meta.id ?? '') : undefined);
    const isOwn = (t: string): boolean => ownAll?.has(t) ?? false;
    const anchors = q.terms.filter((t) => this.properNouns.has(t) && !isOwn(t)).map((term) => ({ term, alternatives: q.standInPhrases.get(term) ?? [] }));
    // A name of several English words ("the Ministry of Foreign Affairs") is asked about when the question says it all;
    // its rarest word (or its acronym, or a glossary stand-in) stands for it, unless one of its words already does.
    // A word of the report's own name in it ("Council" of the Council of Europe) does not stop "the Constitutional
    // Council" being one: its rarest other word stands for it.
    for (const name of this.namePhrases) {
      const others = name.stems.filter((t) => !isOwn(t));
      if (others.length === 0 || name.stems.some((t) => anchors.some((a) => a.term === t)) || !containsRun(q.terms, name.stems)) continue;
      const term = others.includes(name.rarest) ? name.rarest : others.reduce((a, b) => (this.idfOf(b) > this.idfOf(a) ? b : a));
      anchors.push({ term, alternatives: [...name.acronyms.map((a) => [a]), ...(q.standInPhrases.get(term) ?? [])] });
    }
    return anchors;
  }

  /** The years the question names, other than the election year of the report asked (or of the only report). */
  yearsOf(q: QueryAnalysis, report?: string): string[] {
    const id = report ?? (this.index.reports.length === 1 ? this.index.reports[0]?.meta.id : undefined);
    const own = id ? this.electionYear.get(id) : undefined;
    return [...new Set(q.question.match(/\b(19|20)\d{2}\b/gu) ?? [])].filter((y) => Number(y) !== own);
  }

  /**
   * Share of the question's weight carried by words the index has never
   * seen and the glossary cannot stand in for (0–1).
   */
  unknownShare(q: QueryAnalysis): { share: number; max: number; terms: string[] } {
    const weights = this.termWeights(q);
    const total = weights.reduce((sum, t) => sum + t.weight, 0) || 1;
    const unknown = weights.filter((t) => !this.knows(t.term) && t.standIns.length === 0);
    return { share: unknown.reduce((sum, t) => sum + t.weight, 0) / total, max: Math.max(0, ...unknown.map((t) => t.weight / total)), terms: unknown.map((t) => t.term) };
  }

  /**
   * The question's words that the corpus never uses and that are not
   * English words either (checked after spelling correction): names of
   * people, places or bodies the reports do not mention ("Putin"); and
   * names of English words, capitalised in the question, whose words no
   * sentence uses together ("the United Kingdom").
   */
  unknownNames(q: QueryAnalysis): string[] {
    const out: string[] = [];
    // A name of several words, each an English one, written capitalised inside the question ("the United States"):
    // unknown when no sentence of the corpus uses all its words, in any order ("Justice Ministry" is known by
    // "Ministry of Justice").
    for (const m of q.question.matchAll(/(?<=\p{L}[^.?!]*\s)\p{Lu}\p{Ll}+(?:\s+(?:of\s+(?:the\s+)?)?\p{Lu}\p{Ll}+)+/gu)) {
      const words = m[0].toLowerCase().split(/\s+/u).filter((w) => !NAME_JOINERS.has(w));
      if (!words.every((w) => englishWords().has(w))) continue;
      const stems = contentTerms(words.join(' '));
      if (stems.length > 1 && !this.sentenceHolds(stems)) out.push(m[0]);
    }
    for (const token of tokenize(q.question)) {
      if (token.length < 3 || /\d/u.test(token)) continue;
      const t = stem(token);
      if (this.knows(t) || (q.standIns.get(t) ?? []).some((x) => this.knows(x)) || englishWords().has(token) || nearEnglish(token)) continue;
      if (!out.includes(token)) out.push(token);
    }
    return out;
  }

  /**
   * Whether one sentence of the corpus holds all these stems. Only the sentences of the chunks holding the rarest
   * (its lexical postings) are read: at 200 reports a scan of every sentence takes ~8 ms, these a fraction of one.
   * A stem no chunk's postings hold (the lexical tokenizer splits at fewer marks than contentTerms) falls back to the
   * scan.
   */
  private sentenceHolds(stems: readonly string[]): boolean {
    const holds = (row: number): boolean => stems.every((s) => this.sentenceTerms[row]?.has(s) === true);
    const lists = stems.map((s) => this.index.lexical.postings.get(s)?.docs);
    if (lists.some((l) => l === undefined)) return this.sentenceTerms.some((_, row) => holds(row));
    const rarest = (lists as Uint32Array[]).reduce((a, b) => (b.length < a.length ? b : a));
    for (const chunk of rarest) {
      const base = this.index.sentenceRows[chunk] ?? 0;
      const n = this.index.chunks[chunk]?.sentences.length ?? 0;
      for (let row = base; row < base + n; row++) if (holds(row)) return true;
    }
    return false;
  }

  /** Whether the corpus writes these words (lower case, letters and digits) in a row, in one sentence or across two. */
  private writes(words: readonly string[]): boolean {
    this.flat ??= ` ${[...new Set(this.rowText)].join(' ').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
    return this.flat.includes(` ${words.join(' ')} `);
  }

  private termWeights(q: QueryAnalysis): { term: string; standIns: string[]; weight: number }[] {
    return q.terms.map((t) => {
      const standIns = (q.standIns.get(t) ?? []).filter((x) => this.knows(x));
      const weight = this.knows(t) ? this.idfOf(t) : standIns.length > 0 ? mean(standIns.map((x) => this.idfOf(x))) : this.unknownIdf * 0.5;
      return { term: t, standIns, weight };
    });
  }

  /** Candidate chunks: the nearest by the encoder and the best by BM25, together. */
  search(q: QueryAnalysis, vector: Float32Array, options: RetrieveOptions = {}): Hit[] {
    const n = this.index.chunks.length;
    const k = Math.min(n, options.candidates ?? 30);
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
    const expansion = options.expansionWeight ?? 0.35;
    const lexTerms = [...q.terms.map((term) => ({ term, weight: 1 })), ...q.expansions.map((term) => ({ term, weight: expansion }))];
    if (options.contextTerms) lexTerms.push(...options.contextTerms.map((term) => ({ term, weight: options.contextWeight ?? 0.3 })));
    // The filter applies before the cut, so a report's own lexical matches are not crowded out by other reports'.
    const lex = lexicalSearch(this.index.lexical, lexTerms, k, allowed);
    for (const i of lex.keys()) candidates.add(i);
    const ids = [...candidates];
    const dense = ids.map((i) => this.cosineChunk(vector, i));
    const maxD = Math.max(...dense);
    const maxL = Math.max(0, ...ids.map((i) => lex.get(i) ?? 0));
    const hits: Hit[] = ids.map((i, j) => {
      const d = dense[j] ?? 0;
      const l = lex.get(i) ?? 0;
      const chunk = this.index.chunks[i] as Chunk;
      return { index: i, chunk, dense: d, lexical: maxL > 0 ? l / maxL : 0, score: 10 * (d - maxD) + (maxL > 0 ? l / maxL : 0) };
    });
    return hits.sort((a, b) => b.score - a.score || a.index - b.index);
  }

  /** Scores every sentence of the candidate chunks with the ranker. */
  scoreSentences(q: QueryAnalysis, vector: Float32Array, hits: readonly Hit[], options: RetrieveOptions = {}): ScoredSentence[] {
    const ranker = options.ranker ?? defaultRanker();
    // Each question term weighs its idf (an unknown term weighs what its stand-ins weigh);
    // a sentence covers it fully by name, or mostly through a glossary stand-in.
    const termWeights = this.termWeights(q);
    const qTotal = termWeights.reduce((sum, t) => sum + t.weight, 0) || 1;
    const target = q.answerType === 'definition' ? definitionTarget(q.question) : null;
    const strict = STRICT_TYPES.has(q.answerType) || q.answerType === 'definition' || q.answerType === 'reason';
    const evaluativeQuestion = q.answerType === 'assessment';
    // Whether the question itself asks about another time than a report's election: by report, as years differ.
    const otherTimeAsked = new Map<string, boolean>();
    const asksOtherTime = (report: string): boolean => {
      let asks = otherTimeAsked.get(report);
      if (asks === undefined) otherTimeAsked.set(report, (asks = asksAboutOtherTime(q.question, this.electionYear.get(report) ?? null)));
      return asks;
    };
    const names = { asked: new Set(q.terms), notPeople: this.notPeople };
    // What a count names must be said, but not in words the corpus never uses ("tiers"): those the encoder matches.
    const known = (x: { term: string; alternatives: string[] }): boolean => this.knows(x.term) || x.alternatives.some((a) => this.knows(a));
    // A share asked for without "of what" ("what was the turnout?") is a share of the question's most telling word:
    // its rarest the corpus uses stands beside the share ("turnout of 75 per cent"), not any word ("voters … 5.6 per cent").
    // Only words the reports put shares beside count ("everyone" in a question is not what a share is of), and words
    // saying when ("previous", "2007") say which share, not of what.
    const headless = q.answerType === 'percent' && !q.count.head && q.count.had.length === 0;
    const shareTerms = headless ? this.shareTerms() : null;
    const rarest = [...q.terms].filter((t) => shareTerms?.has(t) && !/^(\d+|previou|last|past|earlier|prior|preced|former|befor|histori|ago)$/u.test(t)).sort((a, b) => this.idfOf(b) - this.idfOf(a))[0];
    const shareOf = headless && rarest ? { term: rarest, alternatives: [] } : null;
    const head = q.count.head && known(q.count.head) ? q.count.head : shareOf;
    const count = { head, modifiers: q.count.modifiers.filter(known), compounds: q.count.compounds, predicate: q.count.predicate, had: q.count.had.filter(known), subject: q.count.subject ?? null, existence: q.count.existence ?? false };
    const standIn = (term: string, token: string): boolean => stem(token) === term || (term.length >= 6 && token.length >= 6 && stem(token).slice(0, 5) === term.slice(0, 5));
    interface Pending extends Omit<ScoredSentence, 'score' | 'features'> {
      window: number;
      lexical: number;
      coverageContext: number;
      footnote: boolean;
      evaluative: boolean;
      reference: boolean;
      otherTime: boolean;
    }
    const pending = new Map<string, Pending>();
    for (const hit of hits) {
      const c = hit.chunk;
      const base = this.index.sentenceRows[hit.index] ?? 0;
      const sourceKey = `${c.citation.document}:${c.kind === 'body' ? c.citation.paragraphId : `fn${c.citation.footnote}`}`;
      const carrier = this.carrierRows.get(hit.index);
      for (let s = c.window.start; s < c.window.end; s++) {
        const key = `${sourceKey}:${s}`;
        const known = pending.get(key);
        if (known) {
          known.window = Math.max(known.window, hit.dense);
          known.lexical = Math.max(known.lexical, hit.lexical);
          continue;
        }
        const span = c.sentences[s];
        if (!span) continue;
        const text = c.sourceText.slice(span.start, span.end);
        // The row's own terms with those of the sentence carrying its footnote marker.
        const facts = this.rowFacts(hit.index, s);
        const { terms, context } = facts;
        const has = (t: string): boolean => terms.has(t);
        let covered = 0;
        for (const t of termWeights) covered += has(t.term) ? t.weight : t.standIns.some(has) ? 0.7 * t.weight : 0;
        const dense = Math.max(this.cosineSentence(vector, base + s), carrier === undefined ? -1 : this.cosineSentence(vector, carrier) - 0.05);
        let contextCovered = 0;
        for (const t of termWeights) contextCovered += context.has(t.term) ? t.weight : t.standIns.some((x) => context.has(x)) ? 0.7 * t.weight : 0;
        const typed = target ? definesTarget(text, target) : holdsType(text, q.answerType, count, standIn, names, q.speaker);
        // X's words about Y: Y said in the sentence or the one before ("Nur Otan publicly stated…" after the Zhanaozen events).
        const { leadIn } = facts;
        // Y's own words, not the glossary's: "mission" stands in for "Election Observation Mission", whose "election" any sentence says.
        const aboutTopic = q.answerType !== 'statement' || q.statementTopic.length === 0 || q.statementTopic.some((t) => leadIn.has(t));
        pending.set(key, {
          source: sourceKey,
          chunk: c,
          sentence: s,
          text,
          dense,
          coverage: Math.min(1, covered / qTotal),
          coverageContext: Math.min(1, contextCovered / qTotal),
          typed: typed && aboutTopic,
          terms,
          context,
          window: hit.dense,
          lexical: hit.lexical,
          footnote: c.kind === 'footnote',
          evaluative: facts.evaluative,
          reference: facts.reference,
          // A date question's answer is a date: a year alone is the one asked for, another election's is not.
          otherTime: !asksOtherTime(c.citation.document) && (facts.otherTime === 'election' || (facts.otherTime === 'year' && q.answerType !== 'date')),
        });
      }
    }
    const all = [...pending.values()];
    const maxDense = Math.max(...all.map((p) => p.dense));
    const maxWindow = Math.max(...all.map((p) => p.window));
    const byDense = [...all].sort((a, b) => b.dense - a.dense);
    const denseRank = new Map(byDense.map((p, i) => [p, i]));
    const scored = all.map((p): ScoredSentence => {
      const features: FeatureVector = {
        // Cosines of one encoder spread over a few hundredths: scaled so a weight of 1 means something.
        dense: 10 * (p.dense - maxDense),
        denseRank: 1 / (1 + (denseRank.get(p) ?? 0)),
        window: 10 * (p.window - maxWindow),
        lexical: p.lexical,
        coverage: p.coverage,
        coverageContext: p.coverageContext,
        typed: strict && p.typed ? 1 : 0,
        untyped: strict && !p.typed ? 1 : 0,
        footnote: p.footnote ? 1 : 0,
        evaluative: evaluativeQuestion && p.evaluative ? 1 : 0,
        otherTime: p.otherTime ? 1 : 0,
        reference: p.reference ? 1 : 0,
      };
      return {
        source: p.source,
        chunk: p.chunk,
        sentence: p.sentence,
        text: p.text,
        dense: p.dense,
        coverage: p.coverage,
        typed: p.typed,
        terms: p.terms,
        context: p.context,
        features,
        score: rankScore(ranker, features),
      };
    });
    // A figure about another election is never the answer to a question about this one: such sentences
    // go after all others when the question asks for a figure, a name or a date (and not about another time).
    // Nor is a pointer ("See the press release at http://…"), which states nothing, unless the question asks where to look.
    const pointerAsked = asksForPointer(q.question);
    const demote = (x: ScoredSentence): number => (STRICT_TYPES.has(q.answerType) && x.features.otherTime === 1 ? 1 : 0) + (x.features.reference === 1 && !pointerAsked ? 1 : 0);
    scored.sort((a, b) => demote(a) - demote(b) || b.score - a.score || a.text.length - b.text.length);
    const out = preferBody(scored, (x) => this.carrierKeys.get(x.chunk.id) ?? null);
    // A question asking for a figure, a name, a date or what a term means is answered first by a sentence holding
    // one, where such a sentence scores nearly as well as a best one that holds none. Only the lead moves: ordering
    // every sentence by type cost more answers than it found (the type checks miss some). Not for reasons, whose
    // check ("because", "due to") misses most of the report's ("Winter weather … contributed to").
    const lead = out[0];
    if ((STRICT_TYPES.has(q.answerType) || q.answerType === 'definition') && lead && !lead.typed) {
      const j = out.findIndex((x) => x.typed && x.features.otherTime === 0 && x.score >= lead.score - TYPED_LEAD_MARGIN);
      if (j > 0) out.unshift(...out.splice(j, 1));
    }
    return out;
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

  /** The `k` chunks among `positions` nearest the query, best first (exact; cost linear in `positions`). */
  private nearestAmong(q: Float32Array, positions: readonly number[], k: number): number[] {
    return positions
      .map((i) => ({ i, d: this.cosineChunk(q, i) }))
      .sort((a, b) => b.d - a.d || a.i - b.i)
      .slice(0, k)
      .map((x) => x.i);
  }

  /**
   * Cosine of the query with a chunk's vector, the normalised sum of its
   * sentences' vectors (a footnote's with half its carrier's): the sum of the
   * query's dot products with those sentences over the sum's norm. The norm
   * depends on the chunk alone, so it is computed once per chunk and kept;
   * a query then allocates nothing here (it made a fresh sum vector for
   * every candidate chunk).
   */
  private cosineChunk(q: Float32Array, i: number): number {
    const c = this.index.chunks[i];
    if (!c) return 0;
    const base = this.index.sentenceRows[i] ?? 0;
    const v = this.index.sentenceVectors;
    const carrier = c.kind === 'footnote' ? this.carrierRows.get(i) : undefined;
    let dot = 0;
    for (let s = c.window.start; s < c.window.end; s++) dot += v.dot(q, base + s);
    if (carrier !== undefined) dot += 0.5 * v.dot(q, carrier);
    const norm = this.chunkNorm(i, c, base, carrier);
    return norm > 0 ? dot / norm : 0;
  }

  /** The norm of chunk `i`'s summed vector (see cosineChunk), computed on first use. */
  private chunkNorm(i: number, c: Chunk, base: number, carrier: number | undefined): number {
    const known = this.chunkNorms[i];
    if (known !== undefined && known >= 0) return known;
    const dims = this.index.dims;
    const v = this.index.sentenceVectors;
    const sum = new Float64Array(dims);
    for (let s = c.window.start; s < c.window.end; s++) v.addTo(sum, base + s);
    if (carrier !== undefined) v.addTo(sum, carrier, 0.5);
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += (sum[d] ?? 0) ** 2;
    norm = Math.sqrt(norm);
    this.chunkNorms[i] = norm;
    return norm;
  }

  private cosineSentence(q: Float32Array, row: number): number {
    return this.index.sentenceVectors.dot(q, row);
  }
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
}

/**
 * A sentence that points elsewhere rather than states: a web address, "See …",
 * "Available at …", a contact line (an e-mail address, "Tel:", a phone number
 * in brackets), or a short label that only introduces what follows ("… contact:").
 */
const REFERENCE =
  /^(See|See also|Cf\.|Available at|Source:|For more|For details)\b|https?:\/\/|\bwww\.|[\w.+-]+@[\w-]+\.[\w.]+|\b(Tel|Fax|Phone)\b\s*[:.]|\(\+\d[\d ]{6,}\)|^[^.;!?]{0,80}:\s*$/u;

/** How far below an untyped best sentence (in ranker score, a logit) a typed one may score and still lead (chosen on tune: 0.5 gained nothing, 1 and 2 the same). */
const TYPED_LEAD_MARGIN = 1;

/**
 * When the body and a footnote both answer, the body comes first: a footnote's sentence ranked above the body
 * sentence carrying its marker gives that sentence its place where the footnote adds nothing of the question
 * (a footnote's coverage counts its carrier's terms too, so equal coverage means the carrier holds them all),
 * and the carrier holds the answer type if the footnote does and is about no other time than the footnote.
 * The footnote follows it. `carrierOf` gives a footnote sentence's carrier key (`source:sentence`), null for a
 * body sentence.
 */
export function preferBody(sorted: readonly ScoredSentence[], carrierOf: (s: ScoredSentence) => string | null): ScoredSentence[] {
  const out = [...sorted];
  const keyOf = (s: ScoredSentence): string => `${s.source}:${s.sentence}`;
  for (let i = 0; i < out.length; i++) {
    const note = out[i];
    const key = note ? carrierOf(note) : null;
    if (!note || key === null) continue;
    const j = out.findIndex((s, k) => k > i && keyOf(s) === key);
    const body = out[j];
    if (!body || body.coverage < note.coverage || (note.typed && !body.typed) || body.features.otherTime > note.features.otherTime) continue;
    out.splice(j, 1);
    out.splice(i, 0, body);
  }
  return out;
}

/** Whether a question asks where to look or whom to reach: a link, a source, a contact (so pointers may answer it). */
export function asksForPointer(question: string): boolean {
  return /\b(links?|url|web ?sites?|web address|web ?pages?|sources?|press releases?|contacts?|e-?mails?|phone|telephone|where (can|could|do|should|would) (i|we|you|one) (read|find|see|get|look))\b/iu.test(question);
}

/** Whether a sentence points elsewhere or labels rather than states (the ranker's `reference` feature). */
export function isReference(text: string): boolean {
  return REFERENCE.test(text.trim());
}

/** Sentences that open by pointing back at the one before. */
const LEANS_BACK = /^(This|These|That|Those|They|It|Its|Their|Such|He|She|His|Her|In these cases|In both cases|As a result|However|Moreover|Furthermore|Nevertheless|Similarly|Additionally|Thus|Therefore|Also)\b/u;

/** A name of several capitalised words, as the corpus writes it. */
interface NamePhrase {
  /** Its content words, stemmed, in order. */
  stems: string[];
  /** The one of them fewest sentences use. */
  rarest: string;
  /** Stemmed acronyms the corpus gives it in brackets ("(CIS)"). */
  acronyms: string[];
}

/** Two capitalised words or more, joined by spaces or by of/for/on/the ("Ministry of Foreign Affairs", "Constitutional Council"), and the acronym in brackets after them. */
const CAPITALISED_RUN = /\p{Lu}[\p{Ll}’'-]+(?: (?:(?:of|for|on|the) )*\p{Lu}[\p{Ll}’'-]+)+(?: \((\p{Lu}{2,})\))?/gu;

/**
 * The names of several words the corpus writes capitalised and never in
 * lower case ("Commonwealth of Independent States" is a name; "Election
 * Day", where the corpus also writes "election day", is not). A run that
 * opens a sentence loses its first word, which is capitalised anyway.
 */
export function namePhrasesOf(texts: Iterable<string>, df: (stem: string) => number): NamePhrase[] {
  const found = new Map<string, NamePhrase & { words: string[] }>();
  const all = [...texts];
  for (const text of all) {
    for (const m of text.matchAll(CAPITALISED_RUN)) {
      let phrase = m[0].replace(/ \(\p{Lu}{2,}\)$/u, '');
      if (m.index === 0) phrase = phrase.replace(/^\S+ (?:(?:of|for|on|the) )*/u, '');
      const stems = contentTerms(phrase);
      if (stems.length < 2) continue;
      const key = stems.join(' ');
      const name = found.get(key) ?? { stems, rarest: stems.reduce((a, b) => (df(b) < df(a) ? b : a)), acronyms: [], words: phrase.toLowerCase().split(' ') };
      const acronym = m[1] ? stem(m[1].toLowerCase()) : null;
      if (acronym && !name.acronyms.includes(acronym)) name.acronyms.push(acronym);
      found.set(key, name);
    }
  }
  // Where the corpus writes a run's words in lower case, one after another, it is not a name: one pass over the words,
  // looking up each run by its first word (rather than searching the whole text once per run).
  const byFirst = new Map<string, (NamePhrase & { words: string[] })[]>();
  for (const name of found.values()) {
    const first = name.words[0] ?? '';
    const same = byFirst.get(first);
    if (same) same.push(name);
    else byFirst.set(first, [name]);
  }
  const lowered = new Set<string>();
  for (const text of all) {
    const words = text.split(/[^\p{L}’'-]+/u);
    words.forEach((w, i) => {
      for (const name of byFirst.get(w) ?? []) if (name.words.every((x, k) => words[i + k] === x)) lowered.add(name.stems.join(' '));
    });
  }
  return [...found.entries()].filter(([key]) => !lowered.has(key)).map(([, { stems, rarest, acronyms }]) => ({ stems, rarest, acronyms }));
}

/** Whether `run` occurs in `terms` as consecutive items. */
function containsRun(terms: readonly string[], run: readonly string[]): boolean {
  for (let i = 0; i + run.length <= terms.length; i++) if (run.every((t, k) => terms[i + k] === t)) return true;
  return false;
}
