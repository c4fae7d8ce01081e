/**
 * Reading a report file from disk with checks that give one-line errors:
 * missing, a directory, too large, binary, or not UTF-8.
 */
import { readFileSync, statSync } from 'node:fs';
import { ParseError } from './parse.js';

/** Largest report file read, in bytes. Statements run to tens of kilobytes; final reports to a few hundred. */
export const MAX_REPORT_BYTES = 32 * 1024 * 1024;

export function readReportFile(path: string): string {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new ParseError(`${path} is a directory, not a report text file`);
    size = st.size;
  } catch (e) {
    if (e instanceof ParseError) throw e;
    throw new ParseError(`${path}: file not found or not readable`);
  }
  if (size > MAX_REPORT_BYTES) throw new ParseError(`${path}: file is ${(size / 1048576).toFixed(1)} MB, over the ${MAX_REPORT_BYTES / 1048576} MB limit`);
  const bytes = readFileSync(path);
  return decodeReport(bytes, path);
}

/** Decodes report bytes as strict UTF-8, rejecting binary data. */
export function decodeReport(bytes: Uint8Array, label: string): string {
  if (bytes.length === 0) throw new ParseError(`${label}: the file is empty`);
  if (bytes.subarray(0, 65536).includes(0)) throw new ParseError(`${label}: the file looks binary (it contains NUL bytes), not extracted text`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ParseError(`${label}: the file is not UTF-8 text; convert it first (e.g. iconv -f latin1 -t utf-8)`);
  }
}
