/**
 * Lays a Document out again as a raw PDF-text extraction of another shape:
 * body wrapped greedily at `bodyWidth`, footnotes at `footnoteWidth`, pages of
 * `linesPerPage` body lines, each page's footnotes in a block at its bottom
 * (led by a space, or by a lone number line on every other page), each new
 * page's first line led by a space. Markers go back as digits glued to the text.
 *
 * Used by the parser's layout tests and by the synthetic corpus of the
 * benchmark (src/bench/synthetic.ts).
 *
 * Limits: headings are placed by the paragraphs' `sectionId` and the order of
 * `doc.sections` (a section is printed before the first paragraph of its own or
 * of a later section), so paragraphs must come grouped by section in section
 * order; page and line fields of the input are ignored. Footnotes print only
 * on the page that carries their marker: a footnote without a marker is left
 * out. A paragraph whose last line happens to be full reads back merged with
 * the next one (the parser cannot tell them apart in any layout).
 */
import type { Document } from '../document/index.js';

export interface Layout {
  /** Body line measure, in characters (marker digits take no width). */
  bodyWidth: number;
  /** Footnote line measure, in characters. */
  footnoteWidth: number;
  /** Body lines per page (footnote lines come on top). */
  linesPerPage: number;
}

/** Marks a marker's digits while wrapping; the marks are removed after. Marker digits are narrow superscripts: they take no width. */
const OPEN = '\uE000';
const CLOSE = '\uE001';

/** Printed width of a line being wrapped: marker digits do not count. */
function visible(s: string): number {
  return s.replace(/\uE000\d+\uE001/gu, '').length;
}

/** Greedy word wrap at `width`; a word longer than the width gets a line of its own. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/u).filter(Boolean)) {
    if (line && visible(line) + 1 + visible(word) > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/** The raw text of `doc` in `layout`, ending with a newline. */
export function relayout(doc: Document, layout: Layout): string {
  const out: string[] = [...doc.titleLines.slice(0, -1), '', ...doc.titleLines.slice(-1)];
  const sectionAt = new Map(doc.sections.map((s, i) => [s.id, i]));
  // Body lines with the footnote numbers whose markers they carry.
  const body: { text: string; notes: number[] }[] = [];
  let sectionIndex = 0;
  for (const p of doc.paragraphs) {
    const own = p.sectionId === null ? -1 : (sectionAt.get(p.sectionId) ?? -1);
    for (; sectionIndex <= own; sectionIndex++) body.push({ text: doc.sections[sectionIndex]?.heading ?? '', notes: [] });
    let text = p.text;
    for (const m of [...p.markers].sort((a, b) => b.offset - a.offset)) text = `${text.slice(0, m.offset)}${OPEN}${m.n}${CLOSE}${text.slice(m.offset)}`;
    for (const line of wrap(text, layout.bodyWidth)) {
      const notes = [...line.matchAll(/\uE000(\d+)\uE001/gu)].map((m) => Number(m[1]));
      body.push({ text: line.replace(/[\uE000\uE001]/gu, ''), notes });
    }
  }
  for (; sectionIndex < doc.sections.length; sectionIndex++) body.push({ text: doc.sections[sectionIndex]?.heading ?? '', notes: [] });

  const footnoteText = new Map(doc.footnotes.map((f) => [f.n, f.text]));
  let pageNo = 1;
  for (let start = 0; start < body.length; start += layout.linesPerPage) {
    const page = body.slice(start, start + layout.linesPerPage);
    page.forEach((l, k) => out.push(k === 0 && start > 0 ? ` ${l.text}` : l.text));
    const notes = page.flatMap((l) => l.notes);
    if (notes.length > 0) {
      const numbered = pageNo % 2 === 0;
      if (numbered) out.push('', String(notes[0]), '');
      notes.forEach((n, k) => {
        wrap(footnoteText.get(n) ?? '', layout.footnoteWidth).forEach((line, j) => out.push(k === 0 && j === 0 && !numbered ? ` ${line}` : line));
      });
    }
    pageNo++;
  }
  return `${out.join('\n')}\n`;
}
