/**
 * The document stage's one entry: a report file, in any form it arrives in,
 * → Document. A PDF is read from its glyphs (pdf/: extraction in a child
 * process with time and memory limits, then the page model); text is read
 * in the style of whichever extractor made it (text/). Both end in the same
 * assembler, so one report gives one Document whatever its form.
 *
 * Bad input is a ParseError with one line fit for a user: a missing,
 * empty, oversized, truncated, encrypted or image-only PDF, binary or
 * non-UTF-8 text, or text that is not a report.
 */
import { assemble } from './assemble.js';
import { ParseError } from './errors.js';
import { parseReport, PARSER_VERSION } from './parse.js';
import { layoutPdf } from './pdf/layout.js';
import { DEFAULT_PDF_LIMITS, extractPdfInChild, type PdfLimits } from './pdf/run.js';
import { decodeReport, MAX_PDF_BYTES, readReportBytes } from './read.js';
import type { Document } from './schema.js';

export type ReportForm = 'pdf' | 'text';

/** A PDF starts with "%PDF-" (within its first kilobyte, as readers allow). */
export function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

export function formOf(name: string, bytes?: Uint8Array): ReportForm {
  if (bytes) return isPdf(bytes) ? 'pdf' : 'text';
  return /\.pdf$/iu.test(name) ? 'pdf' : 'text';
}

export interface ParseOptions {
  pdfLimits?: PdfLimits;
}

/** A parsed report and, for a PDF, its own metadata fields (see pdf/child.mjs; empty for text). */
export interface ParsedSource {
  document: Document;
  pdfMetadata: Record<string, string>;
}

/** Bytes of a report (PDF or text) → Document. `label` names the file in messages. */
export async function parseSource(bytes: Uint8Array, label: string, options: ParseOptions = {}): Promise<Document> {
  return (await parseSourceWithMetadata(bytes, label, options)).document;
}

/** parseSource, keeping a PDF's own metadata (where add-report finds a sourceUrl). */
export async function parseSourceWithMetadata(bytes: Uint8Array, label: string, options: ParseOptions = {}): Promise<ParsedSource> {
  if (bytes.length === 0) throw new ParseError(`${label}: the file is empty`);
  if (!isPdf(bytes)) {
    if (/\.pdf$/iu.test(label)) throw new ParseError(`${label}: not a PDF (it does not start with %PDF-)`);
    const text = decodeReport(bytes, label);
    try {
      return { document: parseReport(text), pdfMetadata: {} };
    } catch (e) {
      // Named by the file, as a PDF's problems are: "parse a.txt b.txt" says which one failed.
      if (e instanceof ParseError && !e.message.startsWith(`${label}:`)) throw new ParseError(`${label}: ${e.message}`);
      throw e;
    }
  }
  if (bytes.length > MAX_PDF_BYTES) throw new ParseError(`${label}: the PDF is ${(bytes.length / 1048576).toFixed(1)} MB, over the ${MAX_PDF_BYTES / 1048576} MB limit`);
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset + Math.max(0, bytes.byteLength - 2048), Math.min(2048, bytes.byteLength)).toString('latin1');
  if (!tail.includes('%%EOF')) throw new ParseError(`${label}: the PDF is truncated (it has no end-of-file marker); download it again`);
  const pdf = await extractPdfInChild(bytes, label, options.pdfLimits ?? DEFAULT_PDF_LIMITS);
  if (pdf.pages.length === 0) throw new ParseError(`${label}: the PDF has no pages`);
  try {
    return { document: assemble(layoutPdf(pdf, bytes), PARSER_VERSION), pdfMetadata: pdf.metadata };
  } catch (e) {
    if (e instanceof ParseError) throw new ParseError(`${label}: ${e.message}`);
    throw e;
  }
}

/** Reads a report file (PDF or text) through the one checked reader (read.ts), and parses it. */
export async function readDocument(path: string, options: ParseOptions = {}): Promise<Document> {
  return parseSource(readReportBytes(path), path, options);
}
