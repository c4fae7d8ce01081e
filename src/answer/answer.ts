/**
 * The Answer: verbatim quotes with citations and the footnotes they carry,
 * or an abstention with the closest sections.
 *
 * Verbatim is the law: every quote is checked to be an exact substring of
 * its paragraph's or footnote's whitespace-normalised text. A quote that
 * fails is dropped (and reported through `onDropped`), never repaired.
 */
import { z } from 'zod';
import { formatSectionPath } from '../document/index.js';
import type { StoredReport } from '../index/schema.js';
import type { Passage } from '../retrieve/retriever.js';

export const QuoteSchema = z.object({
  text: z.string(),
  /** Report id. */
  document: z.string(),
  /** Report short title. */
  documentTitle: z.string(),
  /** Section path, e.g. "PRELIMINARY FINDINGS › Election Day". */
  section: z.string(),
  sectionPath: z.array(z.string()),
  page: z.number().int().positive(),
  /** ¶ number of the paragraph in its section; for a footnote, of the paragraph carrying its marker. */
  paragraph: z.number().int().positive().nullable(),
  paragraphId: z.string().nullable(),
  /** Set when the quote is from a footnote. */
  footnote: z.number().int().positive().nullable(),
  score: z.number(),
  footnotes: z.array(z.object({ n: z.number().int().positive(), text: z.string() })),
  /**
   * For a quote from a footnote: the body sentence that carries its marker,
   * verbatim (checked like the quote), so the footnote is read in its place
   * ("The last parliamentary elections took place on 18 August 2007…" above
   * "Voter turnout was announced at 68.4 per cent.").
   */
  context: z.object({ text: z.string(), paragraphId: z.string(), page: z.number().int().positive() }).nullable(),
  /** Chunk id, for follow-ups ("full paragraph", "more passages"). */
  chunkId: z.string(),
});
export type Quote = z.infer<typeof QuoteSchema>;

export const AnswerSchema = z.object({
  answered: z.boolean(),
  question: z.string(),
  /** The question as searched, when spelling correction changed it ("Searched for: …"). */
  searchedFor: z.string().optional(),
  quotes: z.array(QuoteSchema),
  /** Closest section headings (paths), when the report does not answer. */
  suggestions: z.array(z.string()),
  /** Why the answer abstained, when it did. */
  reason: z.string().optional(),
  /**
   * When the answer abstained and the question is clearly in another language
   * than the report's (text/language.ts): that language. `suggestions` is
   * then empty (sections found for words of another language are unrelated).
   */
  language: z.object({ code: z.string(), name: z.string() }).optional(),
  /**
   * When the answer abstained because the question is one word that names
   * nothing (text/vague.ts): that word. `suggestions` is then empty.
   */
  vague: z.string().optional(),
  /** Set when the question is small talk only ("ok thanks", text/small-talk.ts): nothing is quoted. */
  smallTalk: z.literal(true).optional(),
  /** The report's language (ISO 639-1), given with `language`. */
  reportLanguage: z.string().optional(),
  /** How many reports were searched, when more than one was: an abstention then says none of them answers. */
  searchedReports: z.number().int().min(2).optional(),
});
export type Answer = z.infer<typeof AnswerSchema>;

/** The line an abstention opens with: the report, or none of the reports searched, does not answer. */
export function notAnsweredLine(answer: Pick<Answer, 'searchedReports'>): string {
  return answer.searchedReports === undefined ? 'The report does not answer this question.' : `None of the ${answer.searchedReports} reports answers this question.`;
}

export const collapse = (s: string): string => s.replace(/\s+/gu, ' ').trim();

/** The passage a quote comes from: its footnote, or its paragraph (its chunk when it has none). Two quotes with one key open the same text. */
export function passageKey(q: Pick<Quote, 'document' | 'footnote' | 'paragraphId' | 'chunkId'>): string {
  return q.footnote !== null ? `${q.document}#fn${q.footnote}` : q.paragraphId !== null ? `${q.document}:${q.paragraphId}` : q.chunkId;
}

/** Whether `quote` is an exact substring of `source`, both whitespace-normalised. */
export function isVerbatim(quote: string, source: string): boolean {
  const q = collapse(quote);
  if (q.length === 0) return false;
  // A quote found as it stands is found collapsed too (collapsing maps each whitespace run of the quote to
  // the one space its run in the source maps to, and trimming only drops runs at the quote's ends): the
  // common case is decided without collapsing the whole source (the largest single source of a question's garbage).
  return source.includes(quote) || collapse(source).includes(q);
}

/** Turns passages into checked quotes. */
export function toQuotes(passages: readonly Passage[], reports: readonly StoredReport[], onDropped: (quote: string, chunkId: string) => void = () => undefined): Quote[] {
  const quotes: Quote[] = [];
  for (const p of passages) {
    const c = p.chunk;
    if (!isVerbatim(p.text, c.sourceText)) {
      onDropped(p.text, c.id);
      continue;
    }
    const report = reports.find((r) => r.meta.id === c.citation.document);
    const doc = report?.document;
    let notes: number[] = [];
    if (c.kind === 'body' && doc) {
      const para = doc.paragraphs.find((x) => x.id === c.citation.paragraphId);
      notes = para ? para.markers.filter((m) => m.sentence >= p.start && m.sentence < p.end).map((m) => m.n) : [];
    }
    const footnotes = notes.flatMap((n) => {
      const f = doc?.footnotes.find((x) => x.n === n);
      return f ? [{ n, text: f.text }] : [];
    });
    let context: Quote['context'] = null;
    if (c.kind === 'footnote' && doc) {
      const f = doc.footnotes.find((x) => x.n === c.citation.footnote);
      const para = f?.marker ? doc.paragraphs.find((x) => x.id === f.marker?.paragraph) : undefined;
      const span = para && f?.marker ? para.sentences[f.marker.sentence] : undefined;
      if (para && span) {
        const carrier = para.text.slice(span.start, span.end);
        // The context is a quote too: verbatim or not shown.
        if (isVerbatim(carrier, para.text)) context = { text: collapse(carrier), paragraphId: para.id, page: para.page };
        else onDropped(carrier, c.id);
      }
    }
    quotes.push({
      text: collapse(p.text),
      document: c.citation.document,
      documentTitle: c.citation.documentTitle,
      section: formatSectionPath(c.citation.sectionPath),
      sectionPath: c.citation.sectionPath,
      page: c.citation.page,
      paragraph: c.citation.paragraph,
      paragraphId: c.citation.paragraphId,
      footnote: c.citation.footnote,
      score: Math.round(p.score * 1000) / 1000,
      footnotes,
      context,
      chunkId: c.id,
    });
  }
  return quotes;
}
