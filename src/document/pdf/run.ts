/**
 * Extracting a PDF's text runs in a child process with a time limit and a
 * heap limit (pdf.js parses untrusted bytes: a hostile PDF must not hang or
 * swell the bot or the build). The child's answer is validated by zod.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ParseError } from '../errors.js';
import { ChildMessageSchema, type ExtractedPdf } from './schema.js';

const CHILD = fileURLToPath(new URL('./child.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface PdfLimits {
  /** Wall-clock limit for the extraction, in ms. */
  timeoutMs: number;
  /** The child's V8 heap limit, in MB. */
  maxHeapMb: number;
}

/** 200 pages of a real report take a few seconds; a minute is far past any honest PDF. */
export const DEFAULT_PDF_LIMITS: PdfLimits = { timeoutMs: 60_000, maxHeapMb: 1024 };

export function extractPdfInChild(bytes: Uint8Array, label: string, limits: PdfLimits = DEFAULT_PDF_LIMITS): Promise<ExtractedPdf> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${limits.maxHeapMb}`, CHILD], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', NODE_ENV: process.env.NODE_ENV ?? 'production' },
    });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limits.timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-2000)));
    child.stdin.on('error', () => undefined);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new ParseError(`${label}: could not start the PDF reader (${e.message})`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return reject(new ParseError(`${label}: reading the PDF took longer than ${limits.timeoutMs / 1000} s; it was stopped`));
      const line = Buffer.concat(out).toString('utf8').trim();
      if (!line) {
        const oom = /heap out of memory|Allocation failed/u.test(err);
        return reject(new ParseError(`${label}: ${oom ? `reading the PDF needed more than ${limits.maxHeapMb} MB; it was stopped` : `the PDF reader failed (${signal ?? `exit ${code ?? '?'}`})`}`));
      }
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        return reject(new ParseError(`${label}: the PDF reader gave an unreadable answer`));
      }
      const parsed = ChildMessageSchema.safeParse(json);
      if (!parsed.success) return reject(new ParseError(`${label}: the PDF reader gave an answer of the wrong shape`));
      const m = parsed.data;
      if (m.ok) return resolve(m.pdf);
      if (m.kind === 'encrypted') return reject(new ParseError(`${label}: the PDF is encrypted (password-protected); save an unprotected copy first`));
      if (m.kind === 'invalid') return reject(new ParseError(`${label}: not a valid PDF (${m.message})`));
      return reject(new ParseError(`${label}: the PDF could not be read (${m.message})`));
    });
    child.stdin.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}
