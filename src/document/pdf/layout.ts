/**
 * The lines of a PDF's pages → LineModel, learnt from the PDF's own
 * statistics, nothing fixed for one report:
 *
 * - the body size and font are those most characters have;
 * - furniture: a line among the first or last two of a page whose shape
 *   (digits as #) recurs at the same height on at least half of the pages is
 *   a running header, a footer or a page number, and is dropped;
 * - the footnote zone is the run of lines smaller than the body text at the
 *   bottom of a page; a line there that opens with a superscript number (or
 *   "N " in the next footnote's number) opens a footnote, other lines
 *   continue it; lines before the zone's first number continue the previous
 *   page's last footnote;
 * - headings are whole lines, without markers, set larger than the body or in
 *   a bold face other than the body's, standing apart; their levels rank
 *   their styles by size, then all-capitals (a hint only), then first use;
 * - a paragraph breaks at a vertical gap wider than the body's leading, at a
 *   first-line indent, or (without either) where the line before ends a
 *   clause and the next line's first word would have fitted on it.
 *
 * Page numbers are physical: the PDF's first page is page 1, whatever the
 * printed labels say (a label can be roman, missing, or restart; the
 * physical page is what a reader's PDF viewer goes to).
 */
import { createHash } from 'node:crypto';
import { percentile } from '../assemble.js';
import { ParseError } from '../errors.js';
import { ENDS_CLAUSE, ENDS_SENTENCE, OPENS_SENTENCE, isAllCaps, isGluedAt, type FoundMarker } from '../lines.js';
import type { BodyLine, FootnotePiece, LineModel } from '../model.js';
import { pageLines, type PdfLine } from './lines.js';
import type { ExtractedPdf } from './schema.js';

interface Line extends PdfLine {
  no: number;
}

const NUMBERED = /^(\d{1,3})[.)]?\s+(\S.*)$/u;

export function layoutPdf(pdf: ExtractedPdf, bytes: Uint8Array): LineModel {
  const warnings: string[] = [];
  let no = 0;
  const pages: Line[][] = pdf.pages.map((p, k) => pageLines(k + 1, p.runs).map((l) => ({ ...l, no: ++no })));
  const chars = pages.flat().reduce((s, l) => s + l.text.replace(/\s/gu, '').length, 0);
  if (chars < 20 * Math.max(1, pdf.pages.length)) throw new ParseError('no text layer: run OCR first (the PDF has pages but almost no text in them)');
  for (const [k, lines] of pages.entries()) if (lines.length === 0) warnings.push(`page ${k + 1}: no text on this page (an image or a scanned page?); it was left out`);

  // Body size and font: those most characters have.
  const bySize = new Map<number, number>();
  const byFont = new Map<string, number>();
  for (const l of pages.flat()) {
    const n = l.text.length;
    bySize.set(l.size, (bySize.get(l.size) ?? 0) + n);
  }
  const bodySize = [...bySize].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
  for (const l of pages.flat()) if (Math.abs(l.size - bodySize) < 0.05 * bodySize) byFont.set(l.font, (byFont.get(l.font) ?? 0) + l.text.length);
  const bodyFont = [...byFont].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  const isBodySize = (l: Line): boolean => l.size >= 0.93 * bodySize;

  dropFurniture(pages, pdf, warnings);

  // Footnote zones and footnotes.
  const footnotes: FootnotePiece[] = [];
  const bodyPages: Line[][] = [];
  for (const [k, lines] of pages.entries()) {
    let z = lines.length;
    while (z > 0 && !isBodySize(lines[z - 1] as Line)) z--;
    // A zone holds footnotes only if it opens one or continues one: lines before its first number continue the
    // last footnote when that one was printed on the page before; else they are small body text (a caption, a
    // source line), kept in the body with a warning.
    const zone = lines.slice(z);
    const opensAt = (l: Line, lastN: number): number | null => {
      if (l.leadNumber !== null) return l.leadNumber;
      const numbered = NUMBERED.exec(l.text);
      return numbered && Number(numbered[1]) === lastN + 1 ? Number(numbered[1]) : null;
    };
    let firstNumber = zone.findIndex((l) => opensAt(l, footnotes[footnotes.length - 1]?.n ?? 0) !== null);
    if (firstNumber < 0) firstNumber = zone.length;
    const previous = footnotes[footnotes.length - 1];
    const continues = previous !== undefined && previous.page === k && previous.lines.length > 0;
    const keep = continues ? 0 : firstNumber;
    if (keep > 0) warnings.push(`page ${k + 1}: small text at the page bottom ("${clip(zone[0]?.text ?? '')}") opens no footnote and continues none; read as body text`);
    bodyPages.push(lines.slice(0, z + keep));
    let current: FootnotePiece | null = continues ? previous : null;
    for (const l of zone.slice(keep)) {
      const n = opensAt(l, footnotes[footnotes.length - 1]?.n ?? 0);
      const numbered = l.leadNumber === null ? NUMBERED.exec(l.text) : null;
      if (n !== null) {
        current = { n, page: k + 1, lines: [{ text: numbered ? (numbered[2] ?? '') : l.text, no: l.no }] };
        footnotes.push(current);
        continue;
      }
      current?.lines.push({ text: l.text, no: l.no });
    }
  }

  // Title block: page 1's lines before the first line of body text, and before the first heading: a line
  // set flush with the text's left edge in a style that other lines of the document share.
  const titleLines: string[] = [];
  const first = bodyPages[0] ?? [];
  let firstBody = first.findIndex((l) => l.font === bodyFont && Math.abs(l.size - bodySize) < 0.05 * bodySize);
  const flushLeft = percentile(first.filter((l) => l.font === bodyFont).map((l) => l.x0), 0.1);
  const styleCount = new Map<string, number>();
  for (const l of bodyPages.flat()) styleCount.set(`${l.font}|${l.size}`, (styleCount.get(`${l.font}|${l.size}`) ?? 0) + 1);
  const heading = first.findIndex((l, j) => j < firstBody && Math.abs(l.x0 - flushLeft) < 0.5 * l.size && (styleCount.get(`${l.font}|${l.size}`) ?? 0) >= 2);
  if (heading >= 0) firstBody = heading;
  // A title set in the body's own face: the lines centred between the text's edges at page 1's top.
  if (firstBody <= 0) {
    const right = percentile(first.filter((l) => l.font === bodyFont).map((l) => l.x1), 0.9);
    const centred = (l: Line): boolean => l.x0 > flushLeft + l.size && l.x1 < right - l.size && Math.abs(l.x0 - flushLeft - (right - l.x1)) < 0.5 * l.size;
    let k = 0;
    while (k < first.length && centred(first[k] as Line)) k++;
    if (k < first.length) firstBody = k;
  }
  if (firstBody > 0 && firstBody <= 10) {
    for (const l of first.splice(0, firstBody)) titleLines.push(l.text);
  }

  // Heading styles and their levels.
  const bold = (font: string): boolean => pdf.fonts[font]?.bold ?? false;
  const isHeadingStyle = (l: Line): boolean =>
    l.markers.length === 0 &&
    l.fontShare >= 0.9 &&
    !/[,;]$/u.test(l.text) &&
    /\p{L}/u.test(l.text) &&
    (l.size >= 1.12 * bodySize || (isBodySize(l) && l.font !== bodyFont && bold(l.font) && !(pdf.fonts[bodyFont]?.bold ?? false)));
  const styleOf = (l: Line): string => `${l.font}|${l.size}`;

  const leadings: number[] = [];
  for (const lines of bodyPages) {
    for (let j = 1; j < lines.length; j++) {
      const a = lines[j - 1] as Line;
      const b = lines[j] as Line;
      if (Math.abs(a.size - bodySize) < 0.05 * bodySize && Math.abs(b.size - bodySize) < 0.05 * bodySize) leadings.push(a.y - b.y);
    }
  }
  const leading = percentile(leadings.filter((d) => d > 0), 0.25) || 1.2 * bodySize;

  // Merge heading lines that run on (a heading set over two lines), then rank the styles.
  const candidates: { page: number; index: number; style: string; text: string; caps: boolean }[] = [];
  const body: BodyLine[] = [];
  const headingAt = new Map<Line, string>();
  for (const [k, lines] of bodyPages.entries()) {
    for (let j = 0; j < lines.length; j++) {
      const l = lines[j] as Line;
      if (!isHeadingStyle(l)) continue;
      const prev = lines[j - 1];
      const apart = !prev || headingAt.has(prev) || prev.y - l.y > 1.15 * leading || ENDS_CLAUSE.test(prev.text);
      if (!apart) continue;
      let text = l.text;
      while (j + 1 < lines.length) {
        const n = lines[j + 1] as Line;
        if (styleOf(n) !== styleOf(l) || !isHeadingStyle(n) || l.y - n.y > 1.15 * Math.max(leading, l.size * 1.2)) break;
        text = `${text} ${n.text}`;
        headingAt.set(n, '');
        lines.splice(j + 1, 1);
      }
      headingAt.set(l, text);
      candidates.push({ page: k, index: j, style: styleOf(l), text, caps: isAllCaps(text) });
    }
  }
  const styles = new Map<string, { size: number; caps: number; count: number; first: number }>();
  for (const [i, c] of candidates.entries()) {
    const s = styles.get(c.style) ?? { size: Number(c.style.split('|')[1]), caps: 0, count: 0, first: i };
    s.count++;
    if (c.caps) s.caps++;
    styles.set(c.style, s);
  }
  const ranked = [...styles].sort(
    ([, a], [, b]) => Math.round(2 * (b.size - a.size)) || b.caps / b.count - a.caps / a.count || a.first - b.first,
  );
  const levelOf = new Map(ranked.map(([style], i) => [style, i + 1]));

  // Body lines, with the geometry's say on paragraph breaks.
  const superscripts = pages.flat().some((l) => l.markers.length > 0);
  const known = new Set(footnotes.map((f) => f.n));
  let previous: Line | null = null;
  for (const [k, lines] of bodyPages.entries()) {
    const x0s = lines.filter(isBodySize).map((l) => l.x0);
    const x1s = lines.filter(isBodySize).map((l) => l.x1);
    const left = x0s.length >= 3 ? percentile(x0s, 0.1) : Math.min(...x0s, Infinity);
    const right = x1s.length >= 3 ? percentile(x1s, 0.9) : Math.max(...x1s, -Infinity);
    for (const [j, l] of lines.entries()) {
      const heading = headingAt.get(l);
      const found = superscripts ? { text: l.text, markers: l.markers } : gluedMarkers(l, known);
      const text = found.text;
      const line: BodyLine = {
        no: l.no,
        page: k + 1,
        text: heading ?? text,
        width: text.length,
        markers: heading !== undefined ? [] : found.markers,
        blankBefore: false,
        pageStart: j === 0,
        // Without any heading set apart by its font, headings are found by their shape, as in text.
        ...(candidates.length === 0 ? {} : { headingLevel: heading !== undefined ? (levelOf.get(styleOf(l)) ?? 1) : 0 }),
      };
      if (heading === undefined && previous) line.breakBefore = breaks(previous, l, j === 0, leading, left, right);
      body.push(line);
      previous = heading === undefined ? l : null;
    }
  }

  // A footnote whose text runs past its page was noted; an unfinished last one is worth a word.
  const last = footnotes[footnotes.length - 1];
  if (last && !ENDS_SENTENCE.test(last.lines[last.lines.length - 1]?.text ?? '') && !/\S+\.\S+$/u.test(last.lines[last.lines.length - 1]?.text ?? '')) {
    warnings.push(`footnote ${last.n}: its text ends without a full stop; it may be cut short`);
  }

  return {
    form: 'pdf',
    titleLines,
    body,
    footnotes,
    pages: pdf.pages.length,
    widthUnit: 'chars',
    warnings,
    source: { sha256: createHash('sha256').update(bytes).digest('hex'), lines: no, chars },
  };
}

/** Whether a paragraph breaks between `a` and `b` (consecutive body lines). */
function breaks(a: Line, b: Line, pageStart: boolean, leading: number, left: number, right: number): boolean {
  const fits = a.x1 + b.spaceWidth + b.firstWordWidth < right - 0.5 * b.spaceWidth;
  const endsAndOpens = ENDS_CLAUSE.test(a.text) && OPENS_SENTENCE.test(b.text);
  if (pageStart || a.page !== b.page) return endsAndOpens && fits;
  if (a.y - b.y > 1.3 * leading) return true;
  if (b.x0 > left + 0.8 * b.size && ENDS_CLAUSE.test(a.text)) return true;
  return endsAndOpens && fits;
}

/** Markers of a PDF without superscripts: numbers glued to words, as in extracted text. */
function gluedMarkers(l: Line, known: ReadonlySet<number>): { text: string; markers: FoundMarker[] } {
  const markers: FoundMarker[] = [];
  let text = '';
  let last = 0;
  for (const m of l.text.matchAll(/\d{1,3}(?![\p{L}\p{N}])/gu)) {
    const value = Number(m[0]);
    if (!known.has(value) || !isGluedAt(l.text, m.index)) continue;
    text += l.text.slice(last, m.index);
    markers.push({ n: value, col: text.length });
    last = m.index + m[0].length;
  }
  return { text: text + l.text.slice(last), markers };
}

const shape = (t: string): string => t.replace(/\s+/gu, ' ').replace(/\p{N}+/gu, '#').trim();

/** Drops running headers, footers and page numbers: edge lines whose shape recurs at the same height on half of the pages. */
function dropFurniture(pages: Line[][], pdf: ExtractedPdf, warnings: string[]): void {
  const EDGE = 4;
  const edges = (lines: readonly Line[]): Line[] => [...new Set([...lines.slice(0, EDGE), ...lines.slice(-EDGE)])];
  // Each edge line's shape, with the heights (as a share of the page) it stands at.
  const seen = new Map<string, { page: number; at: number }[]>();
  for (const [k, lines] of pages.entries()) {
    const height = pdf.pages[k]?.height ?? 792;
    for (const l of edges(lines)) {
      const list = seen.get(shape(l.text)) ?? [];
      list.push({ page: k, at: l.y / height });
      seen.set(shape(l.text), list);
    }
  }
  const need = Math.max(2, Math.ceil(0.5 * (pages.length - 1)));
  // A shape is furniture at a height where at least `need` pages print it (within 1.5% of the page).
  const furnitureAt = new Map<string, number[]>();
  for (const [key, list] of seen) {
    const heights: number[] = [];
    for (const { at } of list) {
      const pagesThere = new Set(list.filter((o) => Math.abs(o.at - at) <= 0.015).map((o) => o.page));
      if (pagesThere.size >= need) heights.push(at);
    }
    if (heights.length > 0) furnitureAt.set(key, heights);
  }
  const isFurniture = (l: Line, height: number): boolean => (furnitureAt.get(shape(l.text)) ?? []).some((at) => Math.abs(at - l.y / height) <= 0.015);
  const had: number[] = [];
  for (const [k, lines] of pages.entries()) {
    const height = pdf.pages[k]?.height ?? 792;
    const drop = new Set<Line>();
    // From each edge inwards, while the lines are furniture.
    for (const run of [lines.slice(0, EDGE), lines.slice(-EDGE).reverse()]) {
      for (const l of run) {
        if (drop.has(l)) continue;
        if (isFurniture(l, height)) drop.add(l);
        // The page's own number standing apart at its very top or bottom, even where no other page repeats it.
        else if (isOwnPageNumber(l, k + 1, lines)) drop.add(l);
        else break;
      }
    }
    if (drop.size > 0) had.push(k);
    pages[k] = lines.filter((l) => !drop.has(l));
  }
  if (had.length >= 2) {
    for (let k = 1; k < pages.length; k++) {
      if (!had.includes(k) && (pages[k]?.length ?? 0) > 0) warnings.push(`page ${k + 1}: no running header, footer or page number where ${had.length} other pages have one; its edge lines were read as text`);
    }
  }
}

const PAGE_NUMBER = /^(?:page\s*:?\s*)?[-–]?\s*(\d{1,4})\s*[-–]?(?:\s*(?:of|\/)\s*\d{1,4})?$/iu;

/** A line that only gives this page's physical number, first or last on the page and set well apart from its neighbour. */
function isOwnPageNumber(l: Line, page: number, lines: readonly Line[]): boolean {
  const m = PAGE_NUMBER.exec(l.text);
  if (!m || Number(m[1]) !== page) return false;
  const at = lines.indexOf(l);
  const neighbour = at === 0 ? lines[1] : lines[at - 1];
  if (at !== 0 && at !== lines.length - 1) return false;
  if (!neighbour) return true;
  return Math.abs(neighbour.y - l.y) > 2 * Math.max(l.size, neighbour.size);
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
