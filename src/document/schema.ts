/**
 * The Document: what the parser makes of one report, read from its PDF or
 * from a PDF-text extraction (the same Document either way, but for line
 * spans and pages).
 * Every text here is the report's own text (whitespace collapsed, marker digits
 * removed); nothing is paraphrased. Offsets are UTF-16 code-unit offsets into
 * the `text` they belong to, as JavaScript strings index.
 */
import { z } from 'zod';

export const SpanSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type Span = z.infer<typeof SpanSchema>;

export const SectionSchema = z.object({
  /** Stable slug, unique in the document, e.g. "preliminary-findings/election-day". */
  id: z.string(),
  heading: z.string(),
  /** 1 for top-level headings, 2 for their sub-headings. */
  level: z.number().int().min(1),
  /** Heading of the parent section, or null for a top-level section. */
  parent: z.string().nullable(),
  /** Headings from the top level down to this one. */
  path: z.array(z.string()),
  /** Physical page of the PDF (1 is its first page), or the page counted in the text. */
  page: z.number().int().positive(),
  /** 1-based line of the heading in the raw text, or its line in reading order in a PDF. */
  line: z.number().int().positive(),
});
export type Section = z.infer<typeof SectionSchema>;

export const MarkerSchema = z.object({
  n: z.number().int().positive(),
  /** Offset in the paragraph text where the marker digits stood (they are removed). */
  offset: z.number().int().nonnegative(),
  /** Index of the sentence (in `sentences`) that carries the marker. */
  sentence: z.number().int().nonnegative(),
});
export type Marker = z.infer<typeof MarkerSchema>;

export const ParagraphSchema = z.object({
  /** "p1", "p2", … in reading order. */
  id: z.string(),
  /** 1-based index in reading order across the document. */
  index: z.number().int().positive(),
  /** Heading of the innermost section, or null in the preamble. */
  section: z.string().nullable(),
  /** Headings from the top level down; empty in the preamble. */
  sectionPath: z.array(z.string()),
  /** Id of the innermost section, or null in the preamble. */
  sectionId: z.string().nullable(),
  /** 1-based position of the paragraph inside its section (the "¶" of a citation). */
  ordinal: z.number().int().positive(),
  /** Page the paragraph starts on. */
  page: z.number().int().positive(),
  /** Every page the paragraph runs over. */
  pages: z.array(z.number().int().positive()),
  /** 1-based first and last raw line the paragraph's text comes from (lines in reading order in a PDF). */
  lines: SpanSchema,
  text: z.string(),
  sentences: z.array(SpanSchema),
  /** Footnote numbers whose markers stand in this paragraph, in order. */
  footnotes: z.array(z.number().int().positive()),
  markers: z.array(MarkerSchema),
});
export type Paragraph = z.infer<typeof ParagraphSchema>;

export const FootnoteSchema = z.object({
  n: z.number().int().positive(),
  text: z.string(),
  /** Page whose bottom block prints the footnote text. */
  page: z.number().int().positive(),
  /** Id of the paragraph that carries the marker, or null when no marker was found. */
  paragraph: z.string().nullable(),
  marker: z
    .object({ paragraph: z.string(), sentence: z.number().int().nonnegative(), offset: z.number().int().nonnegative() })
    .nullable(),
  lines: SpanSchema,
});
export type Footnote = z.infer<typeof FootnoteSchema>;

export const DocumentSchema = z.object({
  title: z.string(),
  /** The title block lines as printed. */
  titleLines: z.array(z.string()),
  sections: z.array(SectionSchema),
  paragraphs: z.array(ParagraphSchema),
  footnotes: z.array(FootnoteSchema),
  /** Number of pages. */
  pages: z.number().int().nonnegative(),
  /** Everything the parser could not resolve: markers without footnotes, footnotes without markers, pages whose furniture could not be told from text, close calls. */
  warnings: z.array(z.string()),
  source: z.object({
    /** sha256 of the file's bytes (the PDF's, for a PDF). */
    sha256: z.string(),
    lines: z.number().int().nonnegative(),
    chars: z.number().int().nonnegative(),
  }),
  parserVersion: z.string(),
});
export type Document = z.infer<typeof DocumentSchema>;

/** Text of a sentence of a paragraph. */
export function sentenceText(p: Paragraph, i: number): string {
  const s = p.sentences[i];
  if (!s) throw new RangeError(`paragraph ${p.id} has no sentence ${i}`);
  return p.text.slice(s.start, s.end);
}

/** "PRELIMINARY FINDINGS › Election Day", or "Preamble" before the first heading. */
export function formatSectionPath(path: readonly string[]): string {
  return path.length === 0 ? 'Preamble' : path.join(' › ');
}
