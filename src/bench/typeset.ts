/**
 * A small typesetter for test PDFs (pdfkit): lays a report out as a real PDF
 * with superscript footnote markers, footnotes at the page bottom in a
 * smaller size with superscript numbers (split over a page break when they
 * do not fit), running headers, page numbers, headings by weight and size,
 * and paragraphs set apart by a vertical gap or by a first-line indent.
 *
 * It is the PDF parser's adversary in the tests and the PDF benchmark: it
 * shares no code with it. pdfkit is a devDependency: only tests and
 * `npm run bench` use this module.
 */
import PDFDocument from 'pdfkit';
import type { Document } from '../document/index.js';

/** A marker of a negative number prints footnote -n with no marker in the text (a test of the warning). */
export type Block = { kind: 'heading'; level: number; text: string } | { kind: 'paragraph'; text: string; markers: { n: number; offset: number }[] };

export interface Report {
  titleLines: string[];
  blocks: Block[];
  footnotes: Map<number, string>;
}

export interface Style {
  /** Page size in points. */
  page: [number, number];
  margin: number;
  bodySize: number;
  footnoteSize: number;
  /** 'spaced': a gap between paragraphs, no indent; 'indented': a first-line indent, no gap. */
  paragraphs: 'spaced' | 'indented';
  /** Running header lines on pages 2 onwards. */
  header?: string[];
  /** Where the page number goes. */
  pageNumbers: 'footer' | 'header' | 'none';
  bodyFont?: string;
  /** Body lines other than a paragraph's last are spread to the full measure (word spaces stretched), as justified text is. */
  justify?: boolean;
  /** Fonts and sizes of heading levels 1 and 2. */
  headings?: [{ font: string; size: number }, { font: string; size: number }];
  /** Entries of the PDF's document information dictionary (standard keys or custom ones, e.g. SourceURL). */
  info?: Record<string, string>;
}

/** The report a Document holds, as blocks to typeset. */
export function reportOf(doc: Document): Report {
  const blocks: Block[] = [];
  let section: string | null = null;
  for (const p of doc.paragraphs) {
    const id = p.sectionId;
    if (id !== section) {
      // Headings of every section that opens here (a section with no paragraph of its own included).
      const from = section === null ? 0 : doc.sections.findIndex((s) => s.id === section) + 1;
      const to = doc.sections.findIndex((s) => s.id === id);
      for (const s of doc.sections.slice(from, to + 1)) blocks.push({ kind: 'heading', level: s.level, text: s.heading });
      section = id;
    }
    blocks.push({ kind: 'paragraph', text: p.text, markers: p.markers.map((m) => ({ n: m.n, offset: m.offset })) });
  }
  return { titleLines: doc.titleLines, blocks, footnotes: new Map(doc.footnotes.map((f) => [f.n, f.text])) };
}

interface Word {
  text: string;
  /** Footnote numbers printed as a superscript after the word. */
  sup: number[];
}

function wordsOf(text: string, markers: readonly { n: number; offset: number }[]): Word[] {
  const words: Word[] = [];
  const re = /\S+/gu;
  for (const m of text.matchAll(re)) {
    const end = m.index + m[0].length;
    words.push({ text: m[0], sup: markers.filter((k) => k.offset > m.index && k.offset <= end).map((k) => k.n) });
  }
  return words;
}

export interface Typeset {
  pdf: Buffer;
  pages: number;
  /** Footnotes split over a page break. */
  continued: number[];
}

/*
 * Superscripts are set at 65–70% of the size with their baseline raised by
 * about a third of the text size, as word processors and TeX raise them
 * (pdfkit places text by its top: 0.1 of the size above the line's top).
 */
export async function typeset(report: Report, style: Style): Promise<Typeset> {
  const [width, height] = style.page;
  // pdfkit writes any key given in `info`; its types name only the standard ones.
  const pdf = new PDFDocument({ size: [width, height], margin: 0, autoFirstPage: false, compress: false, ...(style.info ? { info: style.info as PDFKit.DocumentInfo } : {}) });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
  const bodyFont = style.bodyFont ?? 'Times-Roman';
  const headings = style.headings ?? [
    { font: 'Helvetica-Bold', size: style.bodySize + 2 },
    { font: 'Times-Bold', size: style.bodySize },
  ];
  const left = style.margin;
  const right = width - style.margin;
  const measure = right - left;
  const lead = style.bodySize * 1.25;
  const fnLead = style.footnoteSize * 1.2;
  const top = style.margin;
  const bottom = height - style.margin;
  const supSize = style.bodySize * 0.65;

  let pageNo = 0;
  let y = 0;
  /** Footnote lines placed on the current page, and their total height. */
  let fnLines: { sup: number | null; text: string }[] = [];
  let carry: string[] = [];
  const continued: number[] = [];

  const widthOf = (t: string, font: string, size: number): number => pdf.font(font).fontSize(size).widthOfString(t);
  /** A word's width with its superscript markers. */
  const wordWidth = (word: Word, font: string, size: number): number => {
    const shown = word.sup.filter((n) => n > 0);
    return widthOf(word.text, font, size) + (shown.length > 0 ? widthOf(shown.join(','), font, supSize) : 0);
  };
  const wrap = (words: readonly Word[], font: string, size: number, first: number, rest: number): Word[][] => {
    const lines: Word[][] = [];
    let line: Word[] = [];
    let w = 0;
    for (const word of words) {
      const ww = wordWidth(word, font, size);
      const space = line.length > 0 ? widthOf(' ', font, size) : 0;
      const limit = lines.length === 0 ? first : rest;
      if (line.length > 0 && w + space + ww > limit) {
        lines.push(line);
        line = [];
        w = 0;
      }
      w += (line.length > 0 ? widthOf(' ', font, size) : 0) + ww;
      line.push(word);
    }
    if (line.length > 0) lines.push(line);
    return lines;
  };
  /** A body line's natural width: its words, their superscripts and one space between words. */
  const lineWidth = (line: readonly Word[]): number => line.reduce((w, word, i) => w + (i > 0 ? widthOf(' ', bodyFont, style.bodySize) : 0) + wordWidth(word, bodyFont, style.bodySize), 0);
  const footnoteLines = (n: number | null, text: string): { sup: number | null; text: string }[] => {
    const indent = n === null ? 0 : widthOf(String(n), bodyFont, style.footnoteSize * 0.7) + 2;
    return wrap(wordsOf(text, []), bodyFont, style.footnoteSize, measure - indent, measure).map((l, i) => ({ sup: i === 0 ? n : null, text: l.map((w) => w.text).join(' ') }));
  };
  const fnHeight = (lines: readonly unknown[]): number => (lines.length > 0 ? lines.length * fnLead + style.footnoteSize : 0);

  const finishPage = (): void => {
    if (pageNo === 0) return;
    // Footnotes, from the page bottom up.
    let fy = bottom - fnLines.length * fnLead;
    for (const l of fnLines) {
      let x = left;
      if (l.sup !== null) {
        pdf.font(bodyFont).fontSize(style.footnoteSize * 0.7).text(String(l.sup), x, fy - style.footnoteSize * 0.1, { lineBreak: false });
        x += widthOf(String(l.sup), bodyFont, style.footnoteSize * 0.7) + 2;
      }
      pdf.font(bodyFont).fontSize(style.footnoteSize).text(l.text, x, fy, { lineBreak: false });
      fy += fnLead;
    }
    if (style.pageNumbers === 'footer') {
      const label = String(pageNo);
      pdf.font(bodyFont).fontSize(style.bodySize).text(label, (width - widthOf(label, bodyFont, style.bodySize)) / 2, height - style.margin / 2, { lineBreak: false });
    }
  };
  const newPage = (): void => {
    finishPage();
    pdf.addPage({ size: [width, height], margin: 0 });
    pageNo++;
    y = top;
    fnLines = [];
    const header = pageNo > 1 ? (style.header ?? []) : [];
    for (const [i, h] of header.entries()) {
      pdf.font(bodyFont).fontSize(style.bodySize - 1).text(h, left, style.margin / 3 + i * style.bodySize, { lineBreak: false });
    }
    if (style.pageNumbers === 'header' && pageNo > 1) {
      const label = `Page ${pageNo}`;
      pdf.font(bodyFont).fontSize(style.bodySize - 1).text(label, right - widthOf(label, bodyFont, style.bodySize - 1), style.margin / 3, { lineBreak: false });
    }
    if (header.length > 0 || style.pageNumbers === 'header') y = Math.max(y, style.margin / 3 + (header.length + 1) * style.bodySize + lead);
    // A footnote continued from the previous page comes first in this page's footnotes.
    if (carry.length > 0) {
      fnLines.push(...carry.map((text) => ({ sup: null, text })));
      carry = [];
    }
  };
  /** Room left for body lines above the footnotes. */
  const room = (extraFootnotes: number): number => bottom - fnHeight({ length: fnLines.length + extraFootnotes } as unknown[]) - y;

  newPage();
  for (const [i, t] of report.titleLines.entries()) {
    const size = i === 0 ? style.bodySize + 3 : style.bodySize + 1;
    pdf.font(headings[0].font).fontSize(size).text(t, (width - widthOf(t, headings[0].font, size)) / 2, y, { lineBreak: false });
    y += size * 1.4;
  }
  y += lead;

  for (const block of report.blocks) {
    if (block.kind === 'heading') {
      const h = headings[Math.min(block.level, 2) - 1] ?? headings[1];
      if (room(0) < 3 * lead) newPage();
      y += lead * 0.5;
      pdf.font(h.font).fontSize(h.size).text(block.text, left, y, { lineBreak: false });
      y += h.size * 1.2 + lead * 0.4;
      continue;
    }
    const indent = style.paragraphs === 'indented' ? style.bodySize * 2 : 0;
    const lines = wrap(wordsOf(block.text, block.markers), bodyFont, style.bodySize, measure - indent, measure);
    for (const [li, line] of lines.entries()) {
      const notes = line.flatMap((w) => w.sup).map((n) => footnoteLines(Math.abs(n), report.footnotes.get(Math.abs(n)) ?? ''));
      const needed = notes.reduce((s, l) => s + l.length, 0);
      // The line and at least the first line of each of its footnotes must fit on this page.
      // A footnote left unfinished on this page must stay the last one here: a new marker goes to the next page.
      if ((notes.length > 0 && carry.length > 0) || room(Math.min(needed, notes.length) + (fnLines.length === 0 && notes.length > 0 ? 1 : 0)) < lead) newPage();
      let x = left + (li === 0 ? indent : 0);
      const natural = lineWidth(line);
      const stretch = style.justify === true && li < lines.length - 1 && line.length > 1 ? (measure - (li === 0 ? indent : 0) - natural) / (line.length - 1) : 0;
      for (const [wi, word] of line.entries()) {
        const text = wi < line.length - 1 ? `${word.text} ` : word.text;
        const w = widthOf(word.text, bodyFont, style.bodySize);
        pdf.font(bodyFont).fontSize(style.bodySize).text(word.text, x, y, { lineBreak: false });
        x += w;
        if (word.sup.some((n) => n > 0)) {
          const label = word.sup.filter((n) => n > 0).join(',');
          pdf.font(bodyFont).fontSize(supSize).text(label, x, y - style.bodySize * 0.1, { lineBreak: false });
          x += widthOf(label, bodyFont, supSize);
        }
        if (text.endsWith(' ')) x += widthOf(' ', bodyFont, style.bodySize) + stretch;
      }
      y += lead;
      // Footnotes of the line: as many lines as fit now; the rest continue on the next page.
      for (const note of notes) {
        const fit = Math.max(1, Math.floor((bottom - y - fnHeight(fnLines)) / fnLead) - 1);
        fnLines.push(...note.slice(0, fit));
        if (note.length > fit) {
          carry.push(...note.slice(fit).map((l) => l.text));
          if (note[0]?.sup !== null && note[0]?.sup !== undefined) continued.push(note[0].sup);
        }
      }
    }
    y += style.paragraphs === 'spaced' ? lead * 0.6 : 0;
  }
  finishPage();
  pdf.end();
  return { pdf: await done, pages: pageNo, continued };
}
