/**
 * corpus/: one report is a raw text file `<name>.txt` (byte-for-byte as
 * extracted from its PDF) beside a metadata file `<name>.meta.json`.
 * This module finds, validates and reads them; it does not parse the text.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, 'must be a date as YYYY-MM-DD');

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
});
export type ReportMeta = z.infer<typeof ReportMetaSchema>;

export interface CorpusReport {
  meta: ReportMeta;
  /** File name of the raw text inside corpus/. */
  file: string;
  textPath: string;
  metaPath: string;
  raw: string;
  /** sha256 of the raw text bytes. */
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

/** Reads every report of a corpus folder, sorted by file name. */
export function loadCorpus(dir: string): CorpusReport[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CorpusError(`${dir}: corpus folder not found`);
  const texts = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  const reports = texts.map((file) => readReport(dir, file));
  const ids = new Map<string, string>();
  for (const r of reports) {
    const other = ids.get(r.meta.id);
    if (other) throw new CorpusError(`${r.metaPath}: field "id": "${r.meta.id}" is already used by ${other}`);
    ids.set(r.meta.id, r.metaPath);
  }
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.meta.json'))) {
    if (!existsSync(join(dir, f.replace(/\.meta\.json$/u, '.txt')))) {
      throw new CorpusError(`${join(dir, f)}: metadata without its text file ${f.replace(/\.meta\.json$/u, '.txt')}`);
    }
  }
  return reports;
}

export function readReport(dir: string, file: string): CorpusReport {
  const textPath = join(dir, file);
  const metaPath = join(dir, `${basename(file, '.txt')}.meta.json`);
  if (!existsSync(metaPath)) throw new CorpusError(`${textPath}: no metadata file ${basename(metaPath)} beside it`);
  let metaJson: unknown;
  const metaBytes = readFileSync(metaPath);
  try {
    metaJson = JSON.parse(metaBytes.toString('utf8'));
  } catch (e) {
    throw new CorpusError(`${metaPath}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const meta = parseReportMeta(metaJson, metaPath);
  const bytes = readFileSync(textPath);
  return {
    meta,
    file,
    textPath,
    metaPath,
    raw: bytes.toString('utf8'),
    sha256: sha256(bytes),
    metaSha256: sha256(metaBytes),
  };
}
