import { describe, expect, it } from 'vitest';
import { parseReport, sentenceText } from '../../src/document/index.js';
import { readReport } from '../helpers/corpus.js';

const raw = readReport();
const doc = parseReport(raw);

/** Words: maximal runs of letters, or of digits. */
function words(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of text.match(/\p{L}+|\p{N}+/gu) ?? []) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}
function minus(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [w, n] of a) {
    const d = n - (b.get(w) ?? 0);
    if (d > 0) out.set(w, d);
  }
  return out;
}

describe('whole-document invariants', () => {
  it('has 46 footnotes numbered 1..46, each with one marker, in reading order', () => {
    expect(doc.footnotes.map((f) => f.n)).toEqual(Array.from({ length: 46 }, (_, i) => i + 1));
    const markers = doc.paragraphs.flatMap((p) => p.markers.map((m) => m.n));
    expect(markers).toEqual(Array.from({ length: 46 }, (_, i) => i + 1));
    for (const f of doc.footnotes) {
      expect(f.marker, `footnote ${f.n}`).not.toBeNull();
      expect(f.paragraph).toBe(f.marker?.paragraph);
    }
  });

  it('places every marker in a sentence of its paragraph', () => {
    for (const p of doc.paragraphs) {
      for (const m of p.markers) {
        const s = p.sentences[m.sentence];
        expect(s).toBeDefined();
        expect(m.offset).toBeGreaterThan(s?.start ?? Infinity);
        expect(m.offset).toBeLessThanOrEqual(s?.end ?? -1);
      }
    }
  });

  it('leaves no marker digits in paragraph text', () => {
    for (const p of doc.paragraphs) {
      expect(p.text, p.id).not.toMatch(/[\p{L}][).,;:”’"]*\d{1,2}(?=\s|$)/u);
      for (const m of p.markers) expect(p.text.slice(m.offset), `${p.id} marker ${m.n}`).not.toMatch(/^\d/u);
    }
  });

  it('keeps footnote text out of body paragraphs', () => {
    const body = doc.paragraphs.map((p) => p.text).join('\n');
    for (const f of doc.footnotes) {
      const probe = f.text.slice(0, 40);
      expect(body.includes(probe), `footnote ${f.n}`).toBe(false);
    }
  });

  it('loses nothing and invents nothing: words equal the raw words less markers and lone number lines', () => {
    const parts = [
      ...doc.titleLines,
      ...doc.sections.map((s) => s.heading),
      ...doc.paragraphs.map((p) => p.text),
      ...doc.footnotes.map((f) => f.text),
    ];
    const parsed = words(parts.join('\n'));
    const rawWords = words(raw);
    const loneNumbers = raw.split('\n').filter((l) => /^\s*\d{1,3}\s*$/u.test(l)).map((l) => l.trim());
    const expectedLoss = words([...Array.from({ length: 46 }, (_, i) => String(i + 1)), ...loneNumbers].join(' '));
    expect(minus(parsed, rawWords)).toEqual(new Map());
    expect(minus(rawWords, parsed)).toEqual(expectedLoss);
  });

  it('gives every paragraph a page, a line span and sentences that cover its text', () => {
    for (const p of doc.paragraphs) {
      expect(p.page).toBeGreaterThanOrEqual(1);
      expect(p.page).toBeLessThanOrEqual(doc.pages);
      expect(p.lines.end).toBeGreaterThanOrEqual(p.lines.start);
      const joined = p.sentences.map((_, i) => sentenceText(p, i)).join(' ');
      expect(joined.replace(/\s+/gu, ' ')).toBe(p.text.replace(/\s+/gu, ' ').trim());
    }
  });

  it('has no parser warnings (its footnote boundaries are clear, measured in ems)', () => {
    expect(doc.warnings).toEqual([]);
  });
});
