/**
 * The Engine ties one loaded index to one embedder: it answers questions,
 * searches passages, and looks up sections, paragraphs and footnotes. The
 * CLI and the Discord bot both use it; neither knows about the index files.
 *
 * An Engine is immutable: a reindex builds a new Engine and the caller swaps
 * its reference, so a question in flight finishes on the index it began with.
 */
import { assessAnswerability, type Answerability } from '../answer/answerable.js';
import { toQuotes, type Answer, type Quote } from '../answer/answer.js';
import { cleanQuestion } from '../answer/question.js';
import { collapse, passageKey } from '../answer/answer.js';
import { STRICT_TYPES } from '../retrieve/answer-types.js';
import { correctSpelling } from '../text/spell.js';
import { otherLanguage } from '../text/language.js';
import { isSmallTalk } from '../text/small-talk.js';
import { vagueWord } from '../text/vague.js';
import { formatSectionPath, type Footnote, type Paragraph, type Section } from '../document/index.js';
import type { Embedder } from '../embed/types.js';
import { assertFresh, IndexError, loadIndex, loadIndexAsync, type LoadedIndex } from '../index/store.js';
import type { StoredReport } from '../index/schema.js';
import { analyzeQuery, type QueryAnalysis } from '../retrieve/query.js';
import { Retriever, type Anchor, type Passage, type ScoredSentence } from '../retrieve/retriever.js';
import type { RankerModel } from '../retrieve/ranker.js';
import { closestReportIds, UnknownReportError } from './reports.js';

export interface AskOptions {
  /**
   * Passages to quote. Default: up to 3, the best and those that answer as
   * well (a figure asked for, or a score near the best); given, exactly the
   * k best.
   */
  k?: number;
  /** Skip this many passages (for "more passages"). */
  offset?: number;
  /** Only this report id. */
  report?: string;
  /** The sentence ranker (default: the committed one; ablations pass others). */
  ranker?: RankerModel;
  /** Expand the query from the glossary (default true; off for ablations). */
  glossary?: boolean;
  /**
   * A follow-up's context (a question asked in the thread of an earlier
   * answer): the previous question's terms join the BM25 query at
   * FOLLOW_UP_TERM_WEIGHT, the query vector is mixed with the previous
   * question's (FOLLOW_UP_VECTOR_WEIGHT, renormalised), and `report` is used
   * when the question names none. Absent, nothing changes.
   */
  context?: FollowUpContext;
}

/** What a follow-up question inherits from the question before it. */
export interface FollowUpContext {
  previousQuestion: string;
  /** The report the previous answer was limited to. */
  report?: string;
}

/** The previous question's own terms, in BM25, relative to the question's (1). */
export const FOLLOW_UP_TERM_WEIGHT = 0.3;
/** The previous question's share of a follow-up's query vector. */
export const FOLLOW_UP_VECTOR_WEIGHT = 0.2;

export interface AskResult {
  answer: Answer;
  /** Every ranked passage up to the limit asked, before abstention (for the eval and "more passages"). */
  ranked: Quote[];
  answerability: Answerability;
  timings: { embedMs: number; searchMs: number };
}

export interface SectionView {
  report: StoredReport;
  section: Section | null;
  /** Path for display; "Preamble" for the text before the first heading. */
  title: string;
  paragraphs: Paragraph[];
}

export interface FootnoteView {
  report: StoredReport;
  footnote: Footnote;
  /** The sentence carrying the marker, when found. */
  carrier: string | null;
  paragraph: Paragraph | null;
}

export interface EngineOpenOptions {
  indexDir: string;
  /** The corpus to check the index against; null skips the check. */
  corpusDir: string | null;
  embedder: Embedder;
  onDroppedQuote?: (event: { quote: string; chunkId: string }) => void;
}

export class Engine {
  readonly retriever: Retriever;
  private readonly log: (event: { quote: string; chunkId: string }) => void;

  private constructor(
    readonly index: LoadedIndex,
    readonly embedder: Embedder,
    options: { onDroppedQuote?: (event: { quote: string; chunkId: string }) => void },
  ) {
    this.retriever = new Retriever(index);
    this.log = options.onDroppedQuote ?? (() => undefined);
  }

  /**
   * Loads the index at `indexDir` for `embedder`. Refuses an index built by
   * another embedder, or one stale against `corpusDir` (pass null to skip
   * the corpus check).
   */
  static open(options: EngineOpenOptions): Engine {
    const index = loadIndex(options.indexDir);
    Engine.check(index, options);
    return Engine.over(index, options);
  }

  /**
   * Engine.open for a process that serves questions while it loads: the load
   * yields to the event loop between its steps (index/store.ts), and before
   * the retriever's tables are built.
   */
  static async openAsync(options: EngineOpenOptions): Promise<Engine> {
    const index = await loadIndexAsync(options.indexDir);
    Engine.check(index, options);
    await new Promise<void>((resolve) => setImmediate(resolve));
    return Engine.over(index, options);
  }

  private static over(index: LoadedIndex, options: EngineOpenOptions): Engine {
    return new Engine(index, options.embedder, options.onDroppedQuote ? { onDroppedQuote: options.onDroppedQuote } : {});
  }

  /** Refuses an index stale against the corpus, or built by another embedder. */
  private static check(index: LoadedIndex, options: EngineOpenOptions): void {
    assertFresh(index.manifest, { corpusDir: options.corpusDir, embedder: options.embedder.fingerprint });
    if (index.dims !== options.embedder.dimensions) {
      throw new IndexError(`the index has ${index.dims}-d vectors but the embedder gives ${options.embedder.dimensions}-d: run \`npm run build-index\``);
    }
  }

  get reports(): StoredReport[] {
    return this.index.reports;
  }

  /** Answers a question: up to k verbatim passages, or an abstention with the closest sections. */
  async ask(rawQuestion: string, askOptions: AskOptions = {}): Promise<AskResult> {
    this.checkReport(askOptions.report);
    const asked = cleanQuestion(rawQuestion);
    const question = this.spell(asked);
    const options = withContextReport(askOptions, (id) => this.report(id) !== undefined);
    const k = options.k ?? 3;
    const offset = options.offset ?? 0;
    const q = analyzeQuery(question, { glossary: options.glossary !== false });
    const t0 = performance.now();
    const { vector, contextTerms } = await this.queryVector(question, q, options);
    const t1 = performance.now();
    const { sentences, ranked, answering } = this.rank(q, vector, Math.max(10, offset + k), options, contextTerms);
    const answerability = assessAnswerability(q, sentences, this.retriever, this.retriever.anchorsOf(q, options.report), this.retriever.yearsOf(q, options.report));
    const t2 = performance.now();
    const suggestions = closestSections(ranked);
    const reports = options.report === undefined ? this.reports.length : 1;
    const searched = { ...(question === asked ? {} : { searchedFor: question }), ...(reports > 1 ? { searchedReports: reports } : {}) };
    // A question clearly in another language than the report's is not answered from words the spelling
    // correction made up ("taux" → "tax"), nor says it searched for them: the answer says which language it looks like instead.
    // Chat shorthand is written out first: "wat was da turnout" is English in chat, not Portuguese.
    const language = this.otherLanguage(correctSpelling(asked, this.retriever.vocabulary, { shorthandOnly: true }).text, options.report);
    // One word that names nothing ("clear") is not answered from the sentences that happen to use it; a name the corpus
    // uses is a topic, and a follow-up's one word ("why?") asks about the question before it.
    const vague = options.context || q.terms.some((t) => this.retriever.properNouns.has(t)) ? null : await vagueWord(question);
    const smallTalk = isSmallTalk(asked);
    const answer: Answer = smallTalk
      ? { answered: false, question: asked, quotes: [], suggestions: [], reason: 'small talk, not a question', smallTalk: true }
      : language
      ? { answered: false, question: asked, quotes: [], suggestions: [], reason: `the question is in ${language.name}`, language: { code: language.code, name: language.name }, reportLanguage: language.reportLanguage }
      : vague
        ? { answered: false, question: asked, ...searched, quotes: [], suggestions: [], reason: `one word that names nothing ("${vague}")`, vague }
      : answerability.answerable
        ? { answered: true, question: asked, ...searched, quotes: options.k === undefined ? shownQuotes(ranked, answering, offset, k) : ranked.slice(offset, offset + k), suggestions: [] }
        : { answered: false, question: asked, ...searched, quotes: [], suggestions, reason: answerability.reason };
    return { answer, ranked, answerability, timings: { embedMs: t1 - t0, searchMs: t2 - t1 } };
  }

  /**
   * The query vector: the question's own, or for a follow-up (options.context)
   * the question's mixed with the previous question's and renormalised.
   */
  private async queryVector(question: string, q: QueryAnalysis, options: AskOptions): Promise<{ vector: Float32Array; contextTerms: string[] }> {
    const previous = options.context ? this.spell(cleanContext(options.context.previousQuestion)) : null;
    const [vector, prior] = await this.embedder.embed(previous ? [question, previous] : [question], 'query');
    if (!vector) throw new Error('the embedder returned no vector');
    if (!previous || !prior) return { vector, contextTerms: [] };
    const mixed = new Float32Array(vector.length);
    let norm = 0;
    for (let i = 0; i < vector.length; i++) {
      const v = (1 - FOLLOW_UP_VECTOR_WEIGHT) * (vector[i] ?? 0) + FOLLOW_UP_VECTOR_WEIGHT * (prior[i] ?? 0);
      mixed[i] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < mixed.length; i++) mixed[i] = (mixed[i] ?? 0) / norm;
    return { vector: mixed, contextTerms: analyzeQuery(previous, { glossary: false }).terms.filter((t) => !q.terms.includes(t)) };
  }

  /** What the ranker and the answerability check see for a question (for training them): every candidate sentence, scored, best first. */
  async diagnose(rawQuestion: string, options: AskOptions = {}): Promise<{ q: QueryAnalysis; sentences: ScoredSentence[]; anchors: Anchor[]; years: string[] }> {
    const question = this.spell(cleanQuestion(rawQuestion));
    const q = analyzeQuery(question, { glossary: options.glossary !== false });
    const [vector] = await this.embedder.embed([question], 'query');
    if (!vector) throw new Error('the embedder returned no vector');
    return { q, sentences: this.rank(q, vector, 10, options).sentences, anchors: this.retriever.anchorsOf(q, options.report), years: this.retriever.yearsOf(q, options.report) };
  }

  /** Passages for a query, ranked, without the answerability check (the /search view). */
  async search(rawQuery: string, options: { limit?: number; report?: string } = {}): Promise<Quote[]> {
    this.checkReport(options.report);
    const query = this.spell(cleanQuestion(rawQuery));
    const [vector] = await this.embedder.embed([query], 'query');
    if (!vector) throw new Error('the embedder returned no vector');
    const limit = options.limit ?? 5;
    // Several windows of one paragraph rank close together: ask for more, keep the best of each paragraph (or footnote).
    const ranked = this.rank(analyzeQuery(query), vector, limit * SEARCH_OVERFETCH, options.report ? { report: options.report } : {}).ranked;
    return onePerPassage(ranked).slice(0, limit);
  }

  /**
   * The language of a question when it is clearly not the report's (the
   * report asked about, else the first; metadata `language`, default "en").
   */
  otherLanguage(question: string, reportId?: string): { code: string; name: string; reportLanguage: string } | null {
    const reportLanguage = this.report(reportId)?.meta.language ?? 'en';
    const counts = this.retriever.vocabulary.counts;
    const found = otherLanguage(question, { reportLanguage, inCorpus: (w) => counts.has(w) });
    // Asked of all reports: a question in the language of any of them is not in another language.
    if (!found || (!reportId && this.index.reports.some((r) => r.meta.language === found.code))) return null;
    return { ...found, reportLanguage };
  }

  /** The question with its misspelt words corrected against the corpus (text/spell.ts). */
  spell(question: string): string {
    return correctSpelling(question, this.retriever.vocabulary).text;
  }

  private rank(q: QueryAnalysis, vector: Float32Array, limit: number, options: AskOptions, contextTerms: readonly string[] = []): { sentences: ScoredSentence[]; ranked: Quote[]; answering: Set<Quote> } {
    const retrieveOptions = {
      ...(options.report ? { report: options.report } : {}),
      ...(options.ranker ? { ranker: options.ranker } : {}),
      ...(contextTerms.length > 0 ? { contextTerms, contextWeight: FOLLOW_UP_TERM_WEIGHT } : {}),
    };
    const hits = this.retriever.search(q, vector, retrieveOptions);
    const sentences = this.retriever.scoreSentences(q, vector, hits, retrieveOptions);
    const passages = this.retriever.passages(sentences, limit);
    const ranked = toQuotes(passages, this.index.reports, (quote, chunkId) => this.log({ quote, chunkId }));
    // Which quotes answer as well as quotes go: for a question asking a figure, a name or a date, those holding it
    // (about this election) beside a word of the question ("turnout", not any share); for others, those scoring near
    // the best. The rest stay behind "More passages".
    const strict = STRICT_TYPES.has(q.answerType);
    const top = passages[0]?.score ?? 0;
    const answers = (p: Passage): boolean => (strict ? p.best.typed && p.best.features.otherTime === 0 && p.best.coverage > 0 : p.score >= top - SHOWN_SCORE_GAP);
    const keep = new Set(passages.filter(answers).map((p) => `${p.chunk.id}\u0000${collapse(p.text)}`));
    const answering = new Set(ranked.filter((x) => keep.has(`${x.chunkId}\u0000${x.text}`)));
    return { sentences, ranked, answering };
  }

  /** Throws UnknownReportError (naming the known ids, closest first) for an id that is not indexed. */
  checkReport(id: string | undefined): void {
    if (id !== undefined && !this.report(id)) throw new UnknownReportError(id, closestReportIds(this.index.reports, id));
  }

  /** Report by id, or the only/first report when no id is given. */
  report(id?: string): StoredReport | undefined {
    return id ? this.index.reports.find((r) => r.meta.id === id) : this.index.reports[0];
  }

  /** Every section of a report (and the preamble, when it has paragraphs). */
  sections(reportId?: string): SectionView[] {
    const reports = reportId ? this.index.reports.filter((r) => r.meta.id === reportId) : this.index.reports;
    return reports.flatMap((report) => {
      const doc = report.document;
      const preamble = doc.paragraphs.filter((p) => p.sectionId === null);
      const views: SectionView[] = preamble.length > 0 ? [{ report, section: null, title: 'Preamble', paragraphs: preamble }] : [];
      for (const s of doc.sections) {
        views.push({ report, section: s, title: formatSectionPath(s.path), paragraphs: doc.paragraphs.filter((p) => p.sectionId === s.id) });
      }
      return views;
    });
  }

  footnote(n: number, reportId?: string): FootnoteView | undefined {
    const report = this.report(reportId);
    const f = report?.document.footnotes.find((x) => x.n === n);
    if (!report || !f) return undefined;
    const paragraph = f.marker ? (report.document.paragraphs.find((p) => p.id === f.marker?.paragraph) ?? null) : null;
    const s = paragraph && f.marker ? paragraph.sentences[f.marker.sentence] : undefined;
    return { report, footnote: f, carrier: paragraph && s ? paragraph.text.slice(s.start, s.end) : null, paragraph };
  }

  /** The paragraph a chunk comes from, by chunk id; undefined when the chunk no longer exists. */
  paragraphOfChunk(chunkId: string): { report: StoredReport; paragraph: Paragraph } | undefined {
    const chunk = this.index.chunks.find((c) => c.id === chunkId);
    if (!chunk?.citation.paragraphId) return undefined;
    const report = this.report(chunk.citation.document);
    const paragraph = report?.document.paragraphs.find((p) => p.id === chunk.citation.paragraphId);
    return report && paragraph ? { report, paragraph } : undefined;
  }

  hasChunk(chunkId: string): boolean {
    return this.index.chunks.some((c) => c.id === chunkId);
  }
}

/** /search ranks this many times the results it shows, so that one result per paragraph still fills the list. */
export const SEARCH_OVERFETCH = 4;

/** The best-ranked quote of each paragraph (or footnote), in rank order: no two from one passage. */
export function onePerPassage(ranked: readonly Quote[]): Quote[] {
  const seen = new Set<string>();
  return ranked.filter((q) => {
    const key = passageKey(q);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `options` with the context's report when none is given, if that report is still indexed (a reindex may have removed it). */
function withContextReport(options: AskOptions, indexed: (id: string) => boolean): AskOptions {
  const report = options.context?.report;
  return !options.report && report && indexed(report) ? { ...options, report } : options;
}

/** The previous question cleaned as a question is; an unusable one (empty) contributes nothing. */
function cleanContext(previous: string): string {
  try {
    return cleanQuestion(previous);
  } catch {
    return '';
  }
}

/** How far below the best passage (in ranker score) another still goes with the answer, for open questions. */
export const SHOWN_SCORE_GAP = 1.5;

/**
 * The quotes an answer shows: from the first page, the best and those that
 * answer as well (see Engine.rank); further pages ("More passages") show
 * whatever comes next.
 */
function shownQuotes(ranked: readonly Quote[], answering: ReadonlySet<Quote>, offset: number, k: number): Quote[] {
  const page = ranked.slice(offset, offset + k);
  return offset > 0 ? page : page.filter((x, i) => i === 0 || answering.has(x));
}

/** The three section headings that the best-ranked passages come from, in rank order. */
export function closestSections(ranked: readonly Quote[]): string[] {
  const out: string[] = [];
  for (const q of ranked) {
    if (!out.includes(q.section)) out.push(q.section);
    if (out.length === 3) break;
  }
  return out;
}

/**
 * Loads a freshly written index and runs a sample query: a build calls this
 * before swapping it in. Returns the loaded Engine, which a reindex serves
 * once the swap is done (everything it needs is in memory), rather than
 * loading the index a second time.
 */
export async function validateIndexDir(dir: string, embedder: Embedder, options: Pick<EngineOpenOptions, 'onDroppedQuote'> = {}): Promise<Engine> {
  const engine = Engine.open({ indexDir: dir, corpusDir: null, embedder, ...options });
  const sample = engine.index.chunks.find((c) => c.kind === 'body');
  if (!sample) throw new IndexError(`the new index at ${dir} has no body chunks`);
  const firstSentence = sample.sentences[0];
  const text = firstSentence ? sample.sourceText.slice(firstSentence.start, firstSentence.end) : sample.text;
  const hits = await engine.search(text.slice(0, 500), { limit: 3 });
  if (hits.length === 0) throw new IndexError(`the new index at ${dir} returned nothing for a sample query`);
  return engine;
}
