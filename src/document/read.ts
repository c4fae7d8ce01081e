/**
 * Reading a report text from disk, for every path that reads one (parse,
 * add-report, the corpus and so the build): the file checks of
 * files/read.ts (a regular file, inside the corpus when one is given, under
 * the size limit), then strict UTF-8 with no NUL byte anywhere. Each problem
 * is one line naming the file.
 */
import { readCheckedFile, FileCheckError } from '../files/read.js';
import { ParseError } from './parse.js';

/**
 * Largest report text read, in bytes. A preliminary statement is ~50 KB of
 * text and a long final report a few hundred; 8 MB leaves room for the
 * longest while keeping a build (which embeds every sentence) to minutes.
 */
export const MAX_REPORT_BYTES = 8 * 1024 * 1024;

/** Largest PDF read, in bytes. Observation reports with maps and photographs run to a few tens of megabytes. */
export const MAX_PDF_BYTES = 64 * 1024 * 1024;

export interface ReadReportOptions {
  /** The corpus folder the file must lie in (symlinks resolved); unset for a file named by the user. */
  root?: string;
}

/** The report's bytes, checked (see files/read.ts; a .pdf has the PDF limit). Throws ParseError. */
export function readReportBytes(path: string, options: ReadReportOptions = {}): Buffer {
  const maxBytes = /\.pdf$/iu.test(path) ? MAX_PDF_BYTES : MAX_REPORT_BYTES;
  try {
    return readCheckedFile(path, { maxBytes, what: 'report', ...(options.root !== undefined ? { root: options.root } : {}) });
  } catch (e) {
    if (e instanceof FileCheckError) throw new ParseError(e.message);
    throw e;
  }
}

/** The report's text: read with the checks above and decoded by decodeReport. */
export function readReportFile(path: string, options: ReadReportOptions = {}): string {
  return decodeReport(readReportBytes(path, options), path);
}

/** Decodes report bytes as strict UTF-8, rejecting binary data (a NUL byte anywhere). */
export function decodeReport(bytes: Uint8Array, label: string): string {
  if (bytes.length === 0) throw new ParseError(`${label}: the file is empty`);
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new ParseError(`${label}: the file looks binary (a NUL byte at offset ${nul}), not extracted text`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ParseError(`${label}: the file is not UTF-8 text; convert it first (e.g. iconv -f latin1 -t utf-8)`);
  }
}
