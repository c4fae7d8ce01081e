/**
 * The indexed reports as plain data (for /about, `npm run reports`, the
 * terminal's `:about`), and report ids checked against them: an unknown id
 * is one clear line naming the known ids, closest first.
 */
import { fuzzy } from 'fast-fuzzy';
import type { StoredReport } from '../index/schema.js';

/** One indexed report, summarised. */
export interface ReportSummary {
  id: string;
  shortTitle: string;
  /** YYYY-MM-DD. */
  electionDate: string;
  /** The report's language (metadata `language`, default "en"). */
  language: string;
  sections: number;
  paragraphs: number;
  footnotes: number;
  /** Parser warnings of its Document (unclear furniture, unpaired footnotes, close calls). */
  warnings: number;
}

/** Every report, in index order, as plain data. */
export function listReports(reports: readonly StoredReport[]): ReportSummary[] {
  return reports.map((r) => ({
    id: r.meta.id,
    shortTitle: r.meta.shortTitle,
    electionDate: r.meta.electionDate,
    language: r.meta.language,
    sections: r.document.sections.length,
    paragraphs: r.document.paragraphs.length,
    footnotes: r.document.footnotes.length,
    warnings: r.document.warnings.length,
  }));
}

/** A report id (or title) that names no indexed report. The message is one line, fit to show as it is. */
export class UnknownReportError extends Error {
  override name = 'UnknownReportError';
  constructor(
    readonly given: string,
    /** The known ids, closest to `given` first. */
    readonly known: readonly string[],
  ) {
    super(unknownReportMessage(given, known));
  }
}

const MAX_NAMED = 10;

/** How the pieces of an unknown-report line are shown: as they are on a terminal; escaped for Discord. */
export interface ReportLineFormat {
  given(text: string): string;
  id(id: string): string;
}

const PLAIN_LINE: ReportLineFormat = { given: (t) => t.replace(/\s+/gu, ' ').trim().slice(0, 100), id: (id) => id };

/** "There is no report “x”. Known report ids: a, b, c." (ids closest first; at most ten named). */
export function unknownReportMessage(given: string, known: readonly string[], format: ReportLineFormat = PLAIN_LINE): string {
  const shown = format.given(given);
  if (known.length === 0) return `There is no report “${shown}”: no reports are indexed.`;
  const named = known.slice(0, MAX_NAMED).map(format.id).join(', ');
  const more = known.length > MAX_NAMED ? ` and ${known.length - MAX_NAMED} more` : '';
  return `There is no report “${shown}”. Known report id${known.length === 1 ? '' : 's'}: ${named}${more}.`;
}

/** The ids of `reports`, closest to `given` first (fast-fuzzy score over id and short title; ties in index order). */
export function closestReportIds(reports: readonly StoredReport[], given: string): string[] {
  const term = given.trim().toLowerCase();
  const scored = reports.map((r, i) => ({
    id: r.meta.id,
    i,
    score: term.length === 0 ? 0 : Math.max(fuzzy(term, r.meta.id.toLowerCase()), fuzzy(term, r.meta.shortTitle.toLowerCase())),
  }));
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  return scored.map((s) => s.id);
}

/** The report `value` names: its id or its short title (any case, spaces trimmed). */
export function findReport(reports: readonly StoredReport[], value: string): StoredReport | undefined {
  const t = value.trim().toLowerCase();
  return reports.find((r) => r.meta.id === value) ?? reports.find((r) => r.meta.id.toLowerCase() === t || r.meta.shortTitle.toLowerCase() === t);
}

/** The id of the report `value` names; throws UnknownReportError naming the known ids otherwise. */
export function resolveReportId(reports: readonly StoredReport[], value: string): string {
  const report = findReport(reports, value);
  if (!report) throw new UnknownReportError(value, closestReportIds(reports, value));
  return report.meta.id;
}

/** The reports as plain text: a header line, then one aligned line per report (for `npm run reports`). */
export function formatReportTable(reports: readonly ReportSummary[]): string {
  if (reports.length === 0) return 'No reports are indexed.';
  const rows = [['ID', 'ELECTION', 'SECTIONS', 'FOOTNOTES', 'WARNINGS', 'TITLE'], ...reports.map((r) => [r.id, r.electionDate, String(r.sections), String(r.footnotes), String(r.warnings), r.shortTitle])];
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join('  ')).join('\n');
}
