/**
 * The common line model every input form is read into (the source's own text
 * style, pdftotext's styles, a PDF), and that one assembler (assemble.ts)
 * turns into a Document. Readers decide what is page furniture, what is body
 * text and what is a footnote; the assembler decides paragraphs, headings,
 * hyphen joins, sentences and marker places, the same way for every form.
 */
import type { FoundMarker } from './lines.js';
import type { Span } from './schema.js';

export interface BodyLine {
  /** 1-based line of the raw text, or the line's reading-order number in a PDF. */
  no: number;
  /** Physical page (1-based). */
  page: number;
  /** The line's text, trimmed, without marker digits. */
  text: string;
  /** Width of the line for wrap tests, in the model's `widthUnit` (without the narrow marker digits). */
  width: number;
  markers: FoundMarker[];
  /** A blank line stands before this one. */
  blankBefore: boolean;
  pageStart: boolean;
  /**
   * What the input's geometry says about a paragraph break before this line:
   * true (a vertical gap or a first-line indent), false (it runs on), or
   * undefined (no geometry: decide from line widths).
   */
  breakBefore?: boolean;
  /**
   * What the input's fonts say about this line: a heading of this level (1 is
   * the top), 0 for certainly not a heading, undefined to decide from its shape.
   */
  headingLevel?: number;
}

export interface FootnoteLine {
  text: string;
  no: number;
}

export interface FootnotePiece {
  n: number;
  /** Page whose bottom prints the footnote's first line. */
  page: number;
  /** Lines of the footnote text without its number, in order (over page breaks too). */
  lines: FootnoteLine[];
}

export interface LineModel {
  /** Which reader made the model, e.g. "source text", "pdftotext -layout", "pdf". */
  form: string;
  titleLines: string[];
  body: BodyLine[];
  footnotes: FootnotePiece[];
  pages: number;
  /** What `BodyLine.width` counts: characters, or ems of a generic proportional face (lines.ts textWidth). */
  widthUnit: 'chars' | 'ems';
  warnings: string[];
  source: { sha256: string; lines: number; chars: number };
}

export type { FoundMarker, Span };
