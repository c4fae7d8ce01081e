/**
 * Report text (a PDF-text extraction) → Document: the style of the text is
 * detected (text/detect.ts), its reader builds the common line model, and the
 * common assembler builds the Document. PDFs take another road to the same
 * assembler (pdf/); src/document/source.ts is the one entry for both.
 *
 * Nothing of one particular report is hard-coded: widths, furniture and
 * footnote blocks are learnt from the text itself, headings found by shape.
 */
import { assemble } from './assemble.js';
import { ParseError } from './errors.js';
import type { Document } from './schema.js';
import { readText } from './text/detect.js';

export { ParseError };

export const PARSER_VERSION = '2.4.0';

/** Rejects input that is not report text: empty, binary (a NUL anywhere), or undecodable. */
export function assertReportText(raw: string): void {
  if (raw.trim().length === 0) throw new ParseError('the file is empty');
  if (raw.includes('\u0000')) throw new ParseError('the file looks binary (it contains NUL bytes), not extracted text');
  // The whole text, not a sample: damage past any fixed prefix is damage too.
  const bad = raw.match(/[\u0001-\u0008\u000E-\u001F\u007F\uFFFD]/gu)?.length ?? 0;
  if (bad / raw.length > 0.01) {
    throw new ParseError('the file looks binary or is not UTF-8 text (too many control or undecodable characters)');
  }
}

export function parseReport(raw: string): Document {
  assertReportText(raw);
  return assemble(readText(raw), PARSER_VERSION);
}
