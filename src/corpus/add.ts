/**
 * Adding a report to corpus/: the file (its PDF, or text extracted from it)
 * is checked to parse, its metadata is completed from the options and from
 * the report's own title block, and both files are written beside the
 * others. Nothing is written when the file does not parse, when its
 * footnotes do not all resolve (unless forced), or when the metadata is
 * incomplete.
 */
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isPdf, parseSourceWithMetadata, readReportBytes, type Document } from '../document/index.js';
import { beginChange, type CorpusChange } from './change.js';
import { CorpusError, loadCorpus, parseReportMeta, type ReportMeta } from './corpus.js';
import { sourceUrlFromPdfMetadata } from './source-url.js';

export interface AddReportOptions {
  file: string;
  corpusDir: string;
  /** Short title for citations (required). */
  title: string;
  /** Election date, YYYY-MM-DD; read from the title block when omitted. */
  date?: string;
  id?: string;
  fullTitle?: string;
  country?: string;
  electionType?: string;
  publisher?: string;
  statementDate?: string;
  /** The official PDF's address; for a PDF, read from its own metadata when omitted. */
  sourceUrl?: string;
  /** Replace a report with the same id or file name. */
  replace?: boolean;
  /** Add it even when some footnote markers and footnote texts do not pair up. */
  force?: boolean;
  /** Leave the change uncommitted (AddedReport.change): a replaced report is kept aside until it is committed, or comes back on undo. */
  pending?: boolean;
}

/** Footnote numbers whose marker has no text, and whose text has no marker. */
export function unresolvedFootnotes(doc: Document): { withoutText: number[]; withoutMarker: number[] } {
  const texts = new Set(doc.footnotes.map((f) => f.n));
  const withoutText = [...new Set(doc.paragraphs.flatMap((p) => p.markers.map((m) => m.n)))].filter((n) => !texts.has(n)).sort((a, b) => a - b);
  const withoutMarker = doc.footnotes.filter((f) => f.marker === null).map((f) => f.n);
  return { withoutText, withoutMarker };
}

export interface AddedReport {
  meta: ReportMeta;
  textPath: string;
  metaPath: string;
  document: Document;
  /** The change to the corpus: already committed unless `pending` was asked for (then commit or undo it). */
  change: CorpusChange;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "15 January 2012" → "2012-01-15", or null. */
export function isoDateOf(text: string): string | null {
  const m = /\b(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})\b/iu.exec(text);
  if (!m) return null;
  const month = MONTHS.indexOf((m[2] ?? '').toLowerCase()) + 1;
  return `${m[3]}-${String(month).padStart(2, '0')}-${String(Number(m[1])).padStart(2, '0')}`;
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '')
    .slice(0, 64)
    .replace(/-+$/u, '');
}

/** Metadata the report's title block and first paragraph give, where they give it. */
export function metaFromDocument(doc: Document): Partial<ReportMeta> {
  const lines = doc.titleLines;
  const out: Partial<ReportMeta> = {};
  const electionLine = lines.find((l) => /election/iu.test(l) && /\d{4}/u.test(l));
  if (electionLine) {
    const date = isoDateOf(electionLine);
    if (date) out.electionDate = date;
    const [place, rest] = electionLine.split(/,\s*/u, 2);
    if (place) out.country = place.replace(/^(the\s+)?(Republic|Kingdom|State|Federation|Principality|Grand Duchy)\s+of\s+/iu, '').trim();
    if (rest) out.electionType = rest.replace(/\s*[–-]\s*\d.*$/u, '').trim();
  }
  if (lines.length > 0) out.fullTitle = lines.join(' — ');
  const first = doc.paragraphs[0]?.text ?? '';
  const dateline = /^([\p{Lu}][\p{L} -]+),\s+(\d{1,2}\s+\p{L}+\s+\d{4})/u.exec(first);
  if (dateline) {
    out.statementPlace = dateline[1];
    const d = isoDateOf(dateline[2] ?? '');
    if (d) out.statementDate = d;
  }
  return out;
}

export async function addReport(options: AddReportOptions): Promise<AddedReport> {
  if (!existsSync(options.corpusDir)) throw new CorpusError(`${options.corpusDir}: the corpus folder does not exist (check CORPUS_DIR, or create the folder)`);
  // The bytes checked and parsed are the bytes written: the file is read once.
  const bytes = readReportBytes(options.file);
  const { document, pdfMetadata } = await parseSourceWithMetadata(bytes, options.file);
  const unresolved = unresolvedFootnotes(document);
  if (!options.force && (unresolved.withoutText.length > 0 || unresolved.withoutMarker.length > 0)) {
    const parts = [
      unresolved.withoutText.length > 0 ? `markers without footnote text: ${unresolved.withoutText.join(', ')}` : '',
      unresolved.withoutMarker.length > 0 ? `footnotes without a marker: ${unresolved.withoutMarker.join(', ')}` : '',
    ].filter(Boolean);
    throw new CorpusError(`${options.file}: footnotes do not all resolve (${parts.join('; ')}); nothing was added (check the file, or add it anyway with --force)`);
  }
  const derived = metaFromDocument(document);
  const sourceUrl = options.sourceUrl ?? sourceUrlFromPdfMetadata(pdfMetadata);
  const candidate = {
    id: options.id ?? slugify(options.title),
    shortTitle: options.title,
    fullTitle: options.fullTitle ?? derived.fullTitle ?? options.title,
    country: options.country ?? derived.country,
    electionType: options.electionType ?? derived.electionType,
    electionDate: options.date ?? derived.electionDate,
    publisher: options.publisher ?? 'OSCE/ODIHR',
    statementDate: options.statementDate ?? derived.statementDate ?? options.date ?? derived.electionDate,
    ...(derived.statementPlace ? { statementPlace: derived.statementPlace } : {}),
    language: 'en',
    ...(sourceUrl ? { sourceUrl } : {}),
  };
  const missing = (['country', 'electionType', 'electionDate', 'statementDate'] as const).filter((k) => candidate[k] === undefined);
  if (missing.length > 0) {
    const flags: Record<(typeof missing)[number], string> = { country: '--country', electionType: '--election-type', electionDate: '--date', statementDate: '--statement-date' };
    throw new CorpusError(`${options.file}: cannot read ${missing.join(', ')} from the report; give ${missing.map((k) => flags[k]).join(', ')}`);
  }
  const pdf = isPdf(bytes);
  const name = basename(options.file).replace(/\.(txt|pdf)$/iu, '');
  const stem = slugify(name) || candidate.id;
  const fileName = `${stem}.${pdf ? 'pdf' : 'txt'}`;
  const textPath = join(options.corpusDir, fileName);
  const metaPath = join(options.corpusDir, `${stem}.meta.json`);
  const meta = parseReportMeta(candidate, `${metaPath} (from the options and the report)`);
  const existing = existsSync(options.corpusDir) ? loadCorpus(options.corpusDir) : [];
  // A report's other form (its .txt beside a new .pdf) shares its stem: it clashes too, and --replace replaces it.
  const clashes = existing.filter((r) => r.meta.id === meta.id || r.file.replace(/\.(txt|pdf)$/iu, '') === stem);
  const clash = clashes[0];
  if (clash && !options.replace) {
    throw new CorpusError(`${clash.textPath}: a report with id "${clash.meta.id}" or file ${clash.file} is already in the corpus (use --replace, or --id)`);
  }
  if (clashes.length > 1) {
    throw new CorpusError(`--replace would replace two reports at once (${clashes.map((r) => `"${r.meta.id}" in ${r.file}`).join(' and ')}); choose another --id or file name`);
  }
  const change = writePair(options.corpusDir, bytes, meta, { textPath, metaPath }, clash ? { textPath: clash.textPath, metaPath: clash.metaPath } : null);
  if (!options.pending) change.commit();
  return { meta, textPath, metaPath, document, change };
}

interface Pair {
  textPath: string;
  metaPath: string;
}

/** A hidden name beside `path` for this process's temporary or set-aside copy. */
const besideName = (path: string, what: 'tmp' | 'replaced'): string => join(dirname(path), `.${basename(path)}.${what}-${process.pid}`);

/**
 * Writes a report's text and metadata into the corpus as one step: both are
 * written under hidden temporary names first; a journal records the change
 * (change.ts); a report being replaced is moved aside (hidden, so no scan of
 * the corpus sees it); then the new pair is renamed into place. If anything
 * fails before the new pair is in place, the old pair is put back and the
 * temporaries removed: the corpus is as it was. At no moment does the corpus
 * hold two reports with one id. The change is returned uncommitted: the
 * caller commits it (the set-aside pair goes) or undoes it (the old pair
 * comes back), and a killed caller's change is undone by recoverCorpus.
 */
function writePair(corpusDir: string, text: Uint8Array, meta: ReportMeta, target: Pair, replaced: Pair | null): CorpusChange {
  const tmp = { textPath: besideName(target.textPath, 'tmp'), metaPath: besideName(target.metaPath, 'tmp') };
  const aside = replaced ? { textPath: besideName(replaced.textPath, 'replaced'), metaPath: besideName(replaced.metaPath, 'replaced') } : null;
  const metaText = `${JSON.stringify(meta, null, 2)}\n`;
  const moved: [string, string][] = [];
  let change: CorpusChange | null = null;
  try {
    writeFileSync(tmp.textPath, text);
    writeFileSync(tmp.metaPath, metaText);
    change = beginChange(
      corpusDir,
      [
        { path: target.textPath, bytes: text },
        { path: target.metaPath, bytes: metaText },
      ],
      replaced && aside
        ? [
            { original: replaced.metaPath, aside: aside.metaPath },
            { original: replaced.textPath, aside: aside.textPath },
          ]
        : [],
    );
    if (replaced && aside) {
      for (const [from, to] of [
        [replaced.metaPath, aside.metaPath],
        [replaced.textPath, aside.textPath],
      ] as const) {
        renameSync(from, to);
        moved.push([to, from]);
      }
    }
    renameSync(tmp.metaPath, target.metaPath);
    moved.push([target.metaPath, tmp.metaPath]);
    renameSync(tmp.textPath, target.textPath);
  } catch (e) {
    // Undo in reverse order: the new metadata back to its temporary name, the old pair back into place.
    for (const [now, was] of moved.reverse()) {
      try {
        renameSync(now, was);
      } catch {
        // keep undoing the rest
      }
    }
    rmSync(tmp.textPath, { force: true });
    rmSync(tmp.metaPath, { force: true });
    change?.commit(); // nothing of it is in place: only its journal goes
    throw e;
  }
  return change;
}
