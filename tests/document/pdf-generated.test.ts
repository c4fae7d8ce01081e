/**
 * PDFs made in the test (tests/helpers/typeset.ts, with pdfkit) from known
 * Documents, in two page sizes and two paragraph styles, with superscript
 * markers, footnote blocks, a footnote continued on the next page, running
 * headers, page numbers in the footer or the header: the parse must give the
 * Document back. Once for the Kazakhstan report's content, once for a
 * synthetic report of another shape (other headings at other sizes, pages
 * without footnotes, a one-line footnote at the very bottom of the last page).
 */
import { describe, expect, it } from 'vitest';
import { parseReport, parseSource, type Document } from '../../src/document/index.js';
import { readReport } from '../helpers/corpus.js';
import { reportOf, typeset, type Block, type Report, type Style } from '../../src/bench/typeset.js';

const source = parseReport(readReport());

const LETTER: Style = {
  page: [612, 792],
  margin: 72,
  bodySize: 11,
  footnoteSize: 9,
  paragraphs: 'spaced',
  header: ['Kazakhstan, Early Parliamentary Elections', 'Statement of Preliminary Findings'],
  pageNumbers: 'footer',
};
const A4: Style = {
  page: [595, 842],
  margin: 60,
  bodySize: 10,
  footnoteSize: 8,
  paragraphs: 'indented',
  justify: true,
  pageNumbers: 'header',
  bodyFont: 'Helvetica',
  headings: [
    { font: 'Times-Bold', size: 14 },
    { font: 'Helvetica-BoldOblique', size: 11 },
  ],
};

/** The sentence that carries footnote `n`'s marker, with the marker's place in it. */
function markedSentence(doc: Document, n: number): string {
  const f = doc.footnotes.find((x) => x.n === n);
  const p = doc.paragraphs.find((x) => x.id === f?.marker?.paragraph);
  const s = p?.sentences[f?.marker?.sentence ?? -1];
  if (!f?.marker || !p || !s) return '';
  return `${p.text.slice(s.start, f.marker.offset)}^${p.text.slice(f.marker.offset, s.end)}`;
}

function expectSameDocument(doc: Document, expected: Document): void {
  expect(doc.titleLines).toEqual(expected.titleLines);
  expect(doc.sections.map((s) => [s.heading, s.level, s.parent])).toEqual(expected.sections.map((s) => [s.heading, s.level, s.parent]));
  expect(doc.paragraphs.map((p) => [p.sectionId, p.text])).toEqual(expected.paragraphs.map((p) => [p.sectionId, p.text]));
  expect(doc.footnotes.map((f) => [f.n, f.text])).toEqual(expected.footnotes.map((f) => [f.n, f.text]));
  for (const f of expected.footnotes) expect(markedSentence(doc, f.n), `marker ${f.n}`).toBe(markedSentence(expected, f.n));
  expect(doc.warnings).toEqual([]);
}

describe.each([
  ['US Letter, spaced paragraphs, running header, page numbers in the footer', LETTER],
  ['A4, indented and justified paragraphs, page numbers in the header, other fonts', A4],
  [
    'US Letter, headings in the body face (found by their shape, as in text)',
    { ...LETTER, header: [], headings: [{ font: 'Times-Roman', size: 11 }, { font: 'Times-Roman', size: 11 }] } satisfies Style,
  ],
])('the Kazakhstan report typeset as a PDF: %s', (_label, style) => {
  it('parses back to the source Document, with a footnote continued over a page break', async () => {
    const made = await typeset(reportOf(source), style);
    expect(made.continued.length).toBeGreaterThan(0);
    const doc = await parseSource(new Uint8Array(made.pdf), 'kz.pdf');
    expect(doc.pages).toBe(made.pages);
    expectSameDocument(doc, source);
    // Page numbers are the PDF's physical pages.
    for (const p of doc.paragraphs) expect(p.page).toBeLessThanOrEqual(made.pages);
  }, 30_000);
});

/** A deterministic report of another shape. */
function syntheticReport(): { report: Report; expected: { sections: [string, number][]; paragraphs: string[]; footnotes: [number, string][] } } {
  let seed = 7;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const words = ['the', 'mission', 'observed', 'that', 'polling', 'staff', 'followed', 'procedures', 'in', 'most', 'stations', 'visited', 'while', 'several', 'voters', 'complained', 'about', 'queues', 'and', 'the', 'late', 'opening', 'of', 'some', 'precincts', 'across', 'northern', 'districts', 'where', 'turnout', 'remained', 'low'];
  const sentence = (): string => {
    const n = 8 + Math.floor(rand() * 14);
    const ws = Array.from({ length: n }, () => words[Math.floor(rand() * words.length)] ?? 'the');
    const s = ws.join(' ');
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  };
  const paragraph = (sentences: number): string => Array.from({ length: sentences }, sentence).join(' ');
  const structure: [string, number, number][] = [
    ['Executive Summary', 1, 3],
    ['Findings of the Mission', 1, 0],
    ['Voting Procedures', 2, 4],
    ['Counting and Tabulation', 2, 5],
    ['Complaints Lodged with Courts', 2, 3],
    ['Recommendations', 1, 4],
  ];
  const blocks: Block[] = [];
  const expected = { sections: [] as [string, number][], paragraphs: [] as string[], footnotes: [] as [number, string][] };
  const footnotes = new Map<number, string>();
  let n = 0;
  for (const [si, [heading, level, count]] of structure.entries()) {
    blocks.push({ kind: 'heading', level, text: heading });
    expected.sections.push([heading, level]);
    for (let k = 0; k < count; k++) {
      const lastOne = si === structure.length - 1 && k === count - 1;
      // The last paragraph is one sentence, so that its footnote is the last line of the last page.
      const text = lastOne ? sentence() : paragraph(3 + Math.floor(rand() * 4));
      // Footnotes only in the summary and in the last section: the pages between have none.
      const markers: { n: number; offset: number }[] = [];
      if (si === 0 || (si === structure.length - 1 && k === count - 1)) {
        n++;
        const end = text.indexOf('.') + 1;
        markers.push({ n, offset: end });
        const note = si === structure.length - 1 ? 'See the annex.' : `${paragraph(2)} Compare ${paragraph(1).toLowerCase()}`;
        footnotes.set(n, note);
        expected.footnotes.push([n, note]);
      }
      blocks.push({ kind: 'paragraph', text, markers });
      expected.paragraphs.push(text);
    }
  }
  return { report: { titleLines: ['OBSERVATION MISSION', 'Synthetic Republic, Local Elections, 3 May 2020'], blocks, footnotes }, expected };
}

describe('a synthetic report of another shape typeset as a PDF', () => {
  it('parses back: its headings at their levels, its paragraphs, its footnotes (the last a single line at the very bottom)', async () => {
    const { report, expected } = syntheticReport();
    const made = await typeset(report, { ...A4, page: [420, 595], margin: 42, paragraphs: 'spaced', pageNumbers: 'footer', header: ['Synthetic Republic — Final Report'] });
    expect(made.pages).toBeGreaterThan(3);
    const doc = await parseSource(new Uint8Array(made.pdf), 'synthetic.pdf');
    expect(doc.titleLines).toEqual(report.titleLines);
    expect(doc.sections.map((s) => [s.heading, s.level])).toEqual(expected.sections);
    expect(doc.paragraphs.map((p) => p.text)).toEqual(expected.paragraphs);
    expect(doc.footnotes.map((f) => [f.n, f.text])).toEqual(expected.footnotes);
    const last = doc.footnotes[doc.footnotes.length - 1];
    expect(last?.page).toBe(made.pages);
    expect(last?.marker).not.toBeNull();
    // Some pages print no footnote at all.
    const withFootnotes = new Set(doc.footnotes.map((f) => f.page));
    expect(withFootnotes.size).toBeLessThan(made.pages);
    expect(doc.warnings).toEqual([]);
  }, 30_000);

  it('warns, never silently, of a marker without a footnote and a footnote without a marker', async () => {
    const { report } = syntheticReport();
    // Marker 1 loses its footnote; footnote 2 is printed but its marker is not.
    const footnotes = new Map(report.footnotes);
    footnotes.delete(1);
    const blocks = report.blocks.map((b) => (b.kind === 'paragraph' ? { ...b, markers: b.markers.map((m) => (m.n === 2 ? { ...m, n: -2 } : m)) } : b));
    const made = await typeset({ ...report, blocks, footnotes }, { ...LETTER, header: [] });
    const doc = await parseSource(new Uint8Array(made.pdf), 'broken.pdf');
    expect(doc.warnings.filter((w) => /^footnote 1: marker found in p\d+ but no footnote text$/u.test(w))).toHaveLength(1);
    expect(doc.warnings.filter((w) => /^footnote 2: text found on page \d+ but no marker in the body$/u.test(w))).toHaveLength(1);
    expect(doc.footnotes.find((f) => f.n === 2)?.marker).toBeNull();
  }, 30_000);
});

describe('small text at a page bottom that is no footnote', () => {
  it('stays in the body, with a warning', async () => {
    const { report } = syntheticReport();
    const made = await typeset(report, { ...LETTER, header: [] });
    const plain = await parseSource(new Uint8Array(made.pdf), 'plain.pdf');
    // The same report with a small source line at the bottom of its last page, after its last footnote's page.
    const PDFDocument = (await import('pdfkit')).default;
    const pdf = new PDFDocument({ size: 'LETTER', margin: 72 });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
    pdf.font('Helvetica-Bold').fontSize(14).text('ANNEXES TO THE REPORT', 200, 60, { lineBreak: false });
    let y = 100;
    for (let k = 0; k < 8; k++) {
      if (k % 4 === 0) {
        pdf.font('Helvetica-Bold').fontSize(14).text(k === 0 ? 'Regions' : 'Districts', 72, y, { lineBreak: false });
        y += 24;
      }
      pdf.font('Times-Roman').fontSize(11).text(`This annex paragraph number ${['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'][k]} says what the mission saw in the regions.`, 72, y, { lineBreak: false });
      y += 20;
    }
    pdf.font('Times-Roman').fontSize(8).text('Source: figures of the Central Election Commission, as published.', 72, 700, { lineBreak: false });
    pdf.end();
    const annex = await parseSource(new Uint8Array(await done), 'annex.pdf');
    expect(plain.warnings).toEqual([]);
    expect(annex.warnings).toContainEqual(expect.stringMatching(/^page 1: small text at the page bottom \("Source: figures of the Central Election/u));
    expect(annex.paragraphs.map((p) => p.text).join(' ')).toContain('Source: figures of the Central Election Commission, as published.');
    expect(annex.footnotes).toEqual([]);
  }, 30_000);
});
