/**
 * corpus/: one report is its PDF `<name>.pdf`, or a raw text file
 * `<name>.txt` (byte-for-byte as extracted from its PDF), beside a metadata
 * file `<name>.meta.json`. The file as it is, PDF or text, is the source of
 * truth: its Document is parsed from it at every build. This module finds,
 * validates and reads them; it does not parse them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { decodeReport, readReportBytes } from '../document/read.js';
import { ParseError } from '../document/parse.js';
import { FileCheckError, readCheckedFile } from '../files/read.js';
import { SourceUrlSchema } from './source-url.js';

/** A calendar date as YYYY-MM-DD that exists (not 2012-13-45, not 2012-02-30). */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/u, 'must be a date as YYYY-MM-DD')
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
  }, 'must be a date that exists (YYYY-MM-DD)');

export const ReportMetaSchema = z.strictObject({
  /** Stable id used in citations and the index, e.g. "kz-2012-parliamentary-psopfc". */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/u, 'must be 2–64 lower-case letters, digits or dashes'),
  /** Short title shown in citations. */
  shortTitle: z.string().min(1).max(100),
  fullTitle: z.string().min(1).max(400),
  country: z.string().min(1),
  electionType: z.string().min(1),
  electionDate: isoDate,
  publisher: z.string().min(1),
  /** Date the statement was issued. */
  statementDate: isoDate,
  statementPlace: z.string().min(1).optional(),
  documentType: z.string().min(1).optional(),
  language: z.string().min(2).max(10).default('en'),
  /** The official PDF's address (http or https), for links to a cited page ("#page=N"). Optional: older metadata has none. */
  sourceUrl: SourceUrlSchema.optional(),
});
export type ReportMeta = z.infer<typeof ReportMetaSchema>;

/** A report file in corpus/: its PDF, or text extracted from it. */
export const REPORT_FILE = /\.(txt|pdf)$/iu;

export interface CorpusReport {
  meta: ReportMeta;
  /** File name of the report inside corpus/ (.pdf or .txt). */
  file: string;
  /** The report file's path (a PDF's too, despite the name). */
  textPath: string;
  metaPath: string;
  /** 'pdf' for a PDF, 'text' for extracted text. */
  form: 'pdf' | 'text';
  /** The file's bytes, as the parser reads them. */
  bytes: Buffer;
  /** The file as UTF-8 text ('' for a PDF). */
  raw: string;
  /** sha256 of the file's bytes. */
  sha256: string;
  /** sha256 of the metadata file bytes. */
  metaSha256: string;
}

/** A corpus/ problem; the message names the file (and the field) at fault. */
export class CorpusError extends Error {
  override name = 'CorpusError';
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Validates a metadata object; errors name the file and the field. */
export function parseReportMeta(value: unknown, file: string): ReportMeta {
  const result = ReportMetaSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
  throw new CorpusError(`${file}: field "${field}": ${issue?.message ?? 'invalid'}`);
}

/** Largest metadata file read. */
const MAX_META_BYTES = 256 * 1024;

/** What a scan of corpus/ found: the reports that read cleanly, and one problem per file that did not. */
export interface CorpusScan {
  reports: CorpusReport[];
  /** Each broken report, named by its text file (as in the manifest), with a one-line reason. */
  problems: { file: string; message: string }[];
}

/** The report files (PDF or text) of a corpus folder, sorted; hidden files (a build's or an add's temporaries) are skipped. */
function reportFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => REPORT_FILE.test(f) && !f.startsWith('.'))
    .sort();
}

/**
 * Reads every report of a corpus folder, each through the one checked reader
 * (document/read.ts), and collects a problem for each one that cannot be
 * read instead of stopping at the first. Throws only when the folder itself
 * is missing.
 */
export function scanCorpus(dir: string): CorpusScan {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CorpusError(`${dir}: corpus folder not found`);
  const reports: CorpusReport[] = [];
  const problems: CorpusScan['problems'] = [];
  const stems = new Map<string, string>();
  for (const file of reportFiles(dir)) {
    const stem = file.replace(REPORT_FILE, '');
    const other = stems.get(stem);
    if (other) {
      problems.push({ file, message: `${join(dir, file)}: ${other} has the same name; keep one form of a report (its .pdf or its .txt), not both` });
      continue;
    }
    stems.set(stem, file);
    try {
      reports.push(readReport(dir, file));
    } catch (e) {
      if (e instanceof CorpusError || e instanceof ParseError) problems.push({ file, message: e.message.split('\n')[0] ?? e.message });
      else throw e;
    }
  }
  const ids = new Map<string, string>();
  for (const r of reports) {
    const other = ids.get(r.meta.id);
    if (other) problems.push({ file: r.file, message: `${r.metaPath}: field "id": "${r.meta.id}" is already used by ${other}` });
    else ids.set(r.meta.id, r.metaPath);
  }
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.meta.json') && !f.startsWith('.'))) {
    const stem = f.replace(/\.meta\.json$/u, '');
    if (!stems.has(stem)) problems.push({ file: `${stem}.txt`, message: `${join(dir, f)}: metadata without its report file ${stem}.txt (or .pdf)` });
  }
  return { reports, problems };
}

/** Reads every report of a corpus folder, sorted by file name; the first broken one throws a CorpusError naming it. */
export function loadCorpus(dir: string): CorpusReport[] {
  const { reports, problems } = scanCorpus(dir);
  const first = problems[0];
  if (first) throw new CorpusError(first.message);
  return reports;
}

export function readReport(dir: string, file: string): CorpusReport {
  const textPath = join(dir, file);
  const metaPath = join(dir, `${basename(file).replace(REPORT_FILE, '')}.meta.json`);
  if (!existsSync(metaPath)) throw new CorpusError(`${textPath}: no metadata file ${basename(metaPath)} beside it`);
  let metaBytes: Buffer;
  try {
    metaBytes = readCheckedFile(metaPath, { maxBytes: MAX_META_BYTES, root: dir, what: 'metadata file' });
  } catch (e) {
    if (e instanceof FileCheckError) throw new CorpusError(e.message);
    throw e;
  }
  let metaJson: unknown;
  try {
    metaJson = JSON.parse(decodeReport(metaBytes, metaPath));
  } catch (e) {
    if (e instanceof ParseError) throw new CorpusError(e.message);
    throw new CorpusError(`${metaPath}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const meta = parseReportMeta(metaJson, metaPath);
  const bytes = readReportBytes(textPath, { root: dir });
  const form = /\.pdf$/iu.test(file) ? 'pdf' : 'text';
  return {
    meta,
    file,
    textPath,
    metaPath,
    form,
    bytes,
    raw: form === 'pdf' ? '' : decodeReport(bytes, textPath),
    sha256: sha256(bytes),
    metaSha256: sha256(metaBytes),
  };
}
