/**
 * How far one Document is from a reference Document of the same report (the
 * same report read from another form: its PDF, another extractor's text).
 * Used by `npm run parse -- --compare <reference>` and by the layout tests.
 *
 * Only the Document text counts, never line spans or pages. One tolerance,
 * applied only where `tolerateJoinedHyphens` is set: pdftotext joins a word
 * broken by a hyphen at a line end and drops the hyphen ("nonvoting" for
 * "non-voting"). That is the extractor's doing, so comparisons of text it
 * produced may treat a hyphen between two letters as absent. Both the strict
 * and the tolerant paragraph figures are reported.
 */
import type { Document, Footnote, Paragraph } from './schema.js';

export interface Comparison {
  headings: { found: number; of: number; extra: string[] };
  footnotes: { exact: number; of: number };
  markers: { right: number; of: number };
  paragraphs: { identical: number; identicalTolerant: number; of: number; count: number };
  /** Number tokens in paragraph text that the reference's paragraphs do not have (marker digits, page numbers). */
  leftoverNumbers: string[];
  /** Word tokens in paragraph text that the reference's paragraphs do not have (running headers, footnote text). */
  extraWords: string[];
  /** Word tokens of the reference's paragraphs missing here. */
  missingWords: string[];
  warnings: number;
}

const collapse = (s: string): string => s.replace(/\s+/gu, ' ').trim();
const unhyphen = (s: string): string => s.replace(/(?<=\p{L})-(?=\p{L})/gu, '');

function markerSentence(doc: Document, f: Footnote | undefined): string | null {
  if (!f?.marker) return null;
  const p = doc.paragraphs.find((x) => x.id === f.marker?.paragraph);
  const s = p?.sentences[f.marker.sentence];
  if (!p || !s) return null;
  // The marker's place inside its sentence, so that a marker moved within the sentence counts as wrong.
  return `${p.text.slice(s.start, f.marker.offset)}^${p.text.slice(f.marker.offset, s.end)}`;
}

function tokens(paragraphs: readonly Paragraph[], re: RegExp): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of paragraphs) for (const t of p.text.match(re) ?? []) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

function minus(a: Map<string, number>, b: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [t, n] of a) for (let k = n - (b.get(t) ?? 0); k > 0; k--) out.push(t);
  return out;
}

export function compareDocuments(doc: Document, reference: Document, options: { tolerateJoinedHyphens?: boolean } = {}): Comparison {
  const norm = (s: string): string => (options.tolerateJoinedHyphens ? unhyphen(collapse(s)) : collapse(s));
  const key = (s: { heading: string; level: number; parent: string | null }): string => `${s.level}|${s.parent ?? ''}|${s.heading}`;
  const docHeadings = new Set(doc.sections.map(key));
  const refHeadings = new Set(reference.sections.map(key));
  const found = reference.sections.filter((s) => docHeadings.has(key(s))).length;
  const extra = doc.sections.filter((s) => !refHeadings.has(key(s))).map((s) => s.heading);

  let exact = 0;
  let right = 0;
  for (const f of reference.footnotes) {
    const g = doc.footnotes.find((x) => x.n === f.n);
    if (g && norm(g.text) === norm(f.text)) exact++;
    const a = markerSentence(doc, g);
    const b = markerSentence(reference, f);
    if (a !== null && b !== null && norm(a) === norm(b)) right++;
  }

  const strict = new Set(doc.paragraphs.map((p) => collapse(p.text)));
  const tolerant = new Set(doc.paragraphs.map((p) => unhyphen(collapse(p.text))));
  const identical = reference.paragraphs.filter((p) => strict.has(collapse(p.text))).length;
  const identicalTolerant = reference.paragraphs.filter((p) => tolerant.has(unhyphen(collapse(p.text)))).length;

  const NUMBER = /\p{N}+/gu;
  const WORD = /\p{L}+/gu;
  const wordsOf = (ps: readonly Paragraph[]): Map<string, number> => {
    if (!options.tolerateJoinedHyphens) return tokens(ps, WORD);
    return tokens(ps.map((p) => ({ ...p, text: unhyphen(p.text) })), WORD);
  };
  return {
    headings: { found, of: reference.sections.length, extra },
    footnotes: { exact, of: reference.footnotes.length },
    markers: { right, of: reference.footnotes.length },
    paragraphs: { identical, identicalTolerant, of: reference.paragraphs.length, count: doc.paragraphs.length },
    leftoverNumbers: minus(tokens(doc.paragraphs, NUMBER), tokens(reference.paragraphs, NUMBER)),
    extraWords: minus(wordsOf(doc.paragraphs), wordsOf(reference.paragraphs)),
    missingWords: minus(wordsOf(reference.paragraphs), wordsOf(doc.paragraphs)),
    warnings: doc.warnings.length,
  };
}

/** One table row per input, as `npm run parse -- --compare` prints it. */
export function formatComparisonTable(rows: readonly { input: string; comparison: Comparison | { error: string } }[]): string {
  const head = ['input', 'headings', 'footnotes exact', 'markers right', '¶ identical', '¶ tolerant', 'left numbers', 'extra words', 'missing words', 'warnings'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const { input, comparison: c } of rows) {
    if ('error' in c) {
      lines.push(`| ${input} | ${c.error} |`);
      continue;
    }
    const pct = (n: number): string => `${((100 * n) / Math.max(1, c.paragraphs.of)).toFixed(1)}%`;
    lines.push(
      `| ${[
        input,
        `${c.headings.found}/${c.headings.of}${c.headings.extra.length > 0 ? ` (+${c.headings.extra.length})` : ''}`,
        `${c.footnotes.exact}/${c.footnotes.of}`,
        `${c.markers.right}/${c.markers.of}`,
        `${pct(c.paragraphs.identical)} (${c.paragraphs.identical}/${c.paragraphs.of}; ${c.paragraphs.count} found)`,
        pct(c.paragraphs.identicalTolerant),
        String(c.leftoverNumbers.length),
        String(c.extraWords.length),
        String(c.missingWords.length),
        String(c.warnings),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
