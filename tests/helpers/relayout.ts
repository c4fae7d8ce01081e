/**
 * Lays a parsed Document out again as a PDF-text extraction of another shape:
 * body wrapped greedily at `bodyWidth`, footnotes at `footnoteWidth`, pages of
 * `linesPerPage` body lines, each page's footnotes in a block at its bottom
 * (led by a space, or by a lone number line on every other page), each new
 * page's first line led by a space. Markers go back as digits glued to the text.
 */
import type { Document } from '../../src/document/index.js';

export interface Layout {
  bodyWidth: number;
  footnoteWidth: number;
  linesPerPage: number;
}

/** Marks a marker's digits while wrapping; the marks are removed after. Marker digits are narrow superscripts: they take no width. */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const visible = (s: string): number => {
  return s.replace(/\uE000\d+\uE001/gu, '').length;
};

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

export function relayout(doc: Document, layout: Layout): string {
  const out: string[] = [...doc.titleLines.slice(0, -1), '', ...doc.titleLines.slice(-1)];
  // Body lines with the footnote numbers whose markers they carry.
  const body: { text: string; notes: number[] }[] = [];
  let sectionIndex = 0;
  for (const p of doc.paragraphs) {
    while (sectionIndex < doc.sections.length && (doc.sections[sectionIndex]?.line ?? Infinity) < p.lines.start) {
      body.push({ text: doc.sections[sectionIndex]?.heading ?? '', notes: [] });
      sectionIndex++;
    }
    let text = p.text;
    for (const m of [...p.markers].sort((a, b) => b.offset - a.offset)) text = `${text.slice(0, m.offset)}${OPEN}${m.n}${CLOSE}${text.slice(m.offset)}`;
    for (const line of wrap(text, layout.bodyWidth)) {
      const notes = [...line.matchAll(/\uE000(\d+)\uE001/gu)].map((m) => Number(m[1]));
      body.push({ text: line.replace(/[\uE000\uE001]/gu, ''), notes });
    }
  }
  for (; sectionIndex < doc.sections.length; sectionIndex++) body.push({ text: doc.sections[sectionIndex]?.heading ?? '', notes: [] });

  let pageNo = 1;
  for (let start = 0; start < body.length; start += layout.linesPerPage) {
    const page = body.slice(start, start + layout.linesPerPage);
    page.forEach((l, k) => out.push(k === 0 && start > 0 ? ` ${l.text}` : l.text));
    const notes = page.flatMap((l) => l.notes);
    if (notes.length > 0) {
      const numbered = pageNo % 2 === 0;
      if (numbered) out.push('', String(notes[0]), '');
      notes.forEach((n, k) => {
        const f = doc.footnotes.find((x) => x.n === n);
        wrap(f?.text ?? '', layout.footnoteWidth).forEach((line, j) => out.push(k === 0 && j === 0 && !numbered ? ` ${line}` : line));
      });
    }
    pageNo++;
  }
  return `${out.join('\n')}\n`;
}
