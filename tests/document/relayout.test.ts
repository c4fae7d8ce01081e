import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/document/index.js';
import { readReport } from '../helpers/corpus.js';
import { relayout, type Layout } from '../helpers/relayout.js';

const original = parseReport(readReport());

describe.each<Layout>([
  { bodyWidth: 110, footnoteWidth: 130, linesPerPage: 45 },
  { bodyWidth: 80, footnoteWidth: 105, linesPerPage: 40 },
  { bodyWidth: 95, footnoteWidth: 125, linesPerPage: 28 },
])('a second layout of the same report (%o)', (layout) => {
  const raw = relayout(original, layout);
  const doc = parseReport(raw);

  it('really is another layout', () => {
    expect(raw).not.toBe(readReport());
    expect(raw.split('\n').filter((l) => l.startsWith(' ')).length).not.toBe(readReport().split('\n').filter((l) => l.startsWith(' ')).length);
  });

  it('gives the same sections', () => {
    expect(doc.sections.map((s) => [s.heading, s.level, s.parent])).toEqual(original.sections.map((s) => [s.heading, s.level, s.parent]));
  });

  it('gives the same footnotes, each marked in the same sentence', () => {
    expect(doc.footnotes.map((f) => f.n)).toEqual(original.footnotes.map((f) => f.n));
    for (const f of original.footnotes) {
      const g = doc.footnotes.find((x) => x.n === f.n);
      expect(g?.text, `footnote ${f.n}`).toBe(f.text);
      const sentence = (d: typeof doc, fn: typeof f | undefined): string => {
        const p = d.paragraphs.find((x) => x.id === fn?.marker?.paragraph);
        const s = p?.sentences[fn?.marker?.sentence ?? -1];
        return p && s ? p.text.slice(s.start, s.end) : '';
      };
      expect(sentence(doc, g), `sentence of marker ${f.n}`).toBe(sentence(original, f));
    }
  });

  // A paragraph whose last line happens to be full cannot be told from one that
  // runs on, in any layout: such paragraphs merge with the next. They never split.
  it('gives the same body text in every section, and nearly all the same paragraphs', () => {
    const bySection = (d: typeof doc): Record<string, string> => {
      const out: Record<string, string> = {};
      for (const p of d.paragraphs) out[p.sectionId ?? ''] = `${out[p.sectionId ?? ''] ?? ''} ${p.text}`.trim();
      return out;
    };
    expect(bySection(doc)).toEqual(bySection(original));
    const same = doc.paragraphs.filter((p) => original.paragraphs.some((o) => o.text === p.text)).length;
    expect(same / original.paragraphs.length).toBeGreaterThanOrEqual(0.85);
    for (const p of doc.paragraphs) {
      const first = original.paragraphs.find((o) => p.text.startsWith(o.text));
      expect(first, `paragraph "${p.text.slice(0, 40)}" starts where an original paragraph starts`).toBeDefined();
    }
  });
});
