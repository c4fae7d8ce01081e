import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/document/index.js';
import { ROOT, readReport } from '../helpers/corpus.js';

interface Gold {
  sections: { heading: string; level: number; parent: string | null }[];
  footnotes: { n: number; text: string; ref_context: string }[];
  footnote_count: number;
}
const gold = JSON.parse(readFileSync(`${ROOT}tests/fixtures/structure.dev.json`, 'utf8')) as Gold;
const collapse = (s: string): string => s.replace(/\s+/gu, ' ').trim();
const doc = parseReport(readReport());

describe('parser against the gold structure', () => {
  it('finds exactly the gold section list', () => {
    expect(doc.sections.map((s) => ({ heading: s.heading, level: s.level, parent: s.parent }))).toEqual(gold.sections);
  });

  it('finds the gold footnote count', () => {
    expect(doc.footnotes).toHaveLength(gold.footnote_count);
  });

  it.each(gold.footnotes.map((f) => [f.n, f] as const))('footnote %i has the gold text and marker context', (n, f) => {
    const found = doc.footnotes.find((x) => x.n === n);
    expect(found, `footnote ${n}`).toBeDefined();
    expect(collapse(found?.text ?? '')).toBe(collapse(f.text));
    // The marker sits right after the gold context (less its trailing marker digits).
    const para = doc.paragraphs.find((p) => p.id === found?.marker?.paragraph);
    const context = collapse(f.ref_context).replace(/(?<=[\p{L}).,;”’])\d{1,2}(?=\s|$)/gu, '');
    const offset = found?.marker?.offset ?? -1;
    expect(collapse(para?.text.slice(0, offset) ?? '').endsWith(context)).toBe(true);
  });

  it('gives the title block and page count', () => {
    expect(doc.titleLines).toContain('STATEMENT OF PRELIMINARY FINDINGS AND CONCLUSIONS');
    expect(doc.pages).toBe(13);
    expect(doc.paragraphs.find((p) => p.section === 'Election Day')?.page).toBe(11);
  });
});
