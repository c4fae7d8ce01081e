import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COUNTRY_NAMES, countryName, generateCorpus, generateReport, writeCorpus, type BaseReport } from '../../src/bench/synthetic.js';
import { loadCorpus, parseReportMeta } from '../../src/corpus/corpus.js';
import { parseReport, type Document, type Footnote } from '../../src/document/index.js';
import { ROOT } from '../helpers/corpus.js';

const [corpusReport] = loadCorpus(`${ROOT}corpus`);
if (!corpusReport) throw new Error('the test corpus is empty');
const base: BaseReport = { meta: corpusReport.meta, document: parseReport(corpusReport.raw) };

/** A handful of reports across seeds and indexes: generating and parsing them takes milliseconds. */
const SAMPLES: [seed: number, index: number][] = [
  [1, 0],
  [1, 1],
  [7, 4],
  [42, 17],
  [2024, 199],
];

/** The text of the sentence carrying a footnote's marker. */
function markerSentence(doc: Document, f: Footnote | undefined): string {
  const p = doc.paragraphs.find((x) => x.id === f?.marker?.paragraph);
  const s = p?.sentences[f?.marker?.sentence ?? -1];
  return p && s ? p.text.slice(s.start, s.end) : '';
}

/** Stand-alone numbers of a text, as written. */
const numbers = (text: string): string[] => text.match(/(?<![\p{L}\p{N}])\d[\d,.]*\d(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])\d(?![\p{L}\p{N}])/gu) ?? [];

describe.each(SAMPLES)('synthetic report (seed %i, index %i)', (seed, index) => {
  const report = generateReport(base, index, seed);
  const parsed = parseReport(report.raw);

  it('parses back with the same sections and footnotes, and no warnings but close calls', () => {
    expect(parsed.sections.map((s) => [s.heading, s.level, s.parent])).toEqual(base.document.sections.map((s) => [s.heading, s.level, s.parent]));
    expect(parsed.footnotes.map((f) => f.n)).toEqual(base.document.footnotes.map((f) => f.n));
    expect(parsed.warnings.filter((w) => !w.endsWith('is a close call'))).toEqual([]);
  });

  // The parser splits a footnote block by guessing line boundaries; where it says the guess was a close call, it may be wrong.
  it('keeps every footnote text and the sentence carrying its marker (outside blocks the parser calls close)', () => {
    const close = new Set(
      parsed.warnings.flatMap((w) => {
        const m = /footnotes (\d+)(?:–(\d+))?: boundary .* close call$/u.exec(w);
        const [from, to] = [Number(m?.[1] ?? 0), Number(m?.[2] ?? m?.[1] ?? -1)];
        return Array.from({ length: Math.max(0, to - from + 1) }, (_, k) => from + k);
      }),
    );
    for (const f of report.document.footnotes) {
      if (close.has(f.n)) continue;
      const g = parsed.footnotes.find((x) => x.n === f.n);
      expect(g?.text, `footnote ${f.n}`).toBe(f.text);
      expect(markerSentence(parsed, g), `sentence of marker ${f.n}`).toBe(markerSentence(report.document, f));
    }
  });

  it('has valid metadata and a layout in the stated ranges', () => {
    expect(parseReportMeta(report.meta, report.file)).toEqual(report.meta);
    expect(report.file).toBe(`${report.meta.id}.txt`);
    expect(report.layout.bodyWidth).toBeGreaterThanOrEqual(85);
    expect(report.layout.bodyWidth).toBeLessThanOrEqual(115);
    expect(report.layout.footnoteWidth).toBeGreaterThanOrEqual(100);
    expect(report.layout.footnoteWidth).toBeLessThanOrEqual(125);
    expect(report.layout.linesPerPage).toBeGreaterThanOrEqual(35);
    expect(report.layout.linesPerPage).toBeLessThanOrEqual(50);
  });

  it('varies names: the base country and cities are gone, the new country is there', () => {
    for (const name of ['Kazakhstan', 'Kazakh', 'Astana', 'Almaty', 'Zhanaozen', 'Nur Otan']) expect(report.raw).not.toMatch(new RegExp(`\\b${name}\\b`, 'u'));
    expect(report.raw).toContain(report.meta.country);
    expect(report.meta.country).not.toBe(base.meta.country);
  });

  it('varies numbers, keeping their count, format and magnitude', () => {
    let total = 0;
    let changed = 0;
    report.document.paragraphs.forEach((p, i) => {
      const from = base.document.paragraphs[report.origin[i] ?? -1];
      const before = numbers(from?.text ?? '');
      const after = numbers(p.text);
      expect(after.length, `numbers of ${p.id}`).toBe(before.length);
      before.forEach((b, k) => {
        const a = after[k] ?? '';
        total++;
        if (a === b) return;
        changed++;
        const [x, y] = [Number(b.replace(/,/gu, '')), Number(a.replace(/,/gu, ''))];
        if (x >= 100 && !b.startsWith('0')) {
          expect(a.replace(/\d/gu, '0'), `format of ${b} → ${a}`).toBe(b.replace(/\d/gu, '0'));
          expect(y / x, `magnitude of ${b} → ${a}`).toBeGreaterThanOrEqual(0.5);
          expect(y / x, `magnitude of ${b} → ${a}`).toBeLessThanOrEqual(1.5);
        }
      });
    });
    expect(changed / total).toBeGreaterThan(0.5);
  });

  it('shuffles paragraphs inside their sections only', () => {
    const origin = report.origin;
    expect([...origin].sort((a, b) => a - b)).toEqual(base.document.paragraphs.map((_, i) => i));
    expect(origin).not.toEqual(base.document.paragraphs.map((_, i) => i));
    report.document.paragraphs.forEach((p, i) => expect(p.sectionId).toBe(base.document.paragraphs[origin[i] ?? -1]?.sectionId));
  });
});

describe('a synthetic corpus', () => {
  it('is deterministic for a seed and differs between seeds and reports', () => {
    const a = generateReport(base, 3, 42);
    const b = generateReport(base, 3, 42);
    expect(b.raw).toBe(a.raw);
    expect(b.meta).toEqual(a.meta);
    expect(generateReport(base, 3, 43).raw).not.toBe(a.raw);
    expect(generateReport(base, 4, 42).raw).not.toBe(a.raw);
  });

  it('writes a folder that loads as a corpus with distinct ids, short titles and countries', () => {
    const reports = generateCorpus([base], 5, 11);
    const dir = mkdtempSync(join(tmpdir(), 'verbatim-synthetic-'));
    try {
      expect(writeCorpus(dir, reports)).toBeGreaterThan(0);
      const loaded = loadCorpus(dir);
      expect(loaded.map((r) => r.meta.id)).toEqual(reports.map((r) => r.meta.id).sort());
      for (const field of ['id', 'shortTitle', 'country'] as const) expect(new Set(loaded.map((r) => r.meta[field])).size).toBe(reports.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has a distinct country for every report up to COUNTRY_NAMES', () => {
    const names = Array.from({ length: COUNTRY_NAMES }, (_, i) => countryName(i, 5).name);
    expect(new Set(names).size).toBe(COUNTRY_NAMES);
    for (const n of names) expect(n).toMatch(/^\p{Lu}\p{Ll}+$/u);
  });
});
