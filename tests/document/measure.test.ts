/**
 * Glyph widths learnt from a text's own full lines (src/document/measure.ts),
 * on texts wrapped here in a made-up face whose glyph widths differ from the
 * generic face's by up to a fifth: justified text (lines set near the measure
 * by squeezing spaces or hyphenating, as TeX does) and first-fit ragged-right
 * text, from the report's own words.
 */
import { describe, expect, it } from 'vitest';
import { textWidth } from '../../src/document/lines.js';
import { fullLines, learnMeasure } from '../../src/document/measure.js';
import { readReport } from '../helpers/corpus.js';

/** A deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = rng(7);
const factor = new Map<string, number>();
/** The made-up face: each character's generic width times its own factor in [0.8, 1.2]. */
const face = (text: string): number => {
  let w = 0;
  for (const c of text) {
    if (!factor.has(c)) factor.set(c, 0.8 + 0.4 * random());
    w += textWidth(c) * (factor.get(c) ?? 1);
  }
  return w;
};

const words = readReport()
  .split(/\s+/u)
  .filter((w) => /^[\p{L}][\p{L}’'-]*[,.]?$/u.test(w));
const MEASURE = 34;

/** Paragraphs of 3–9 lines' worth of the report's words, wrapped either way. */
function wrap(mode: 'justified' | 'first-fit'): { page: number; text: string; last: boolean }[] {
  const out: { page: number; text: string; last: boolean }[] = [];
  let k = 0;
  const pick = rng(11);
  while (out.length < 900) {
    const length = 30 + Math.floor(pick() * 70);
    const paragraph = Array.from({ length }, () => words[k++ % words.length] ?? 'word');
    paragraph[paragraph.length - 1] = `${(paragraph[paragraph.length - 1] ?? 'end').replace(/[,.]$/u, '')}.`;
    let line: string[] = [];
    for (const w of paragraph) {
      const now = face(line.join(' '));
      const withWord = face([...line, w].join(' '));
      if (line.length > 0 && withWord > MEASURE) {
        if (mode === 'justified' && withWord < MEASURE * 1.01) {
          // A justifying wrapper squeezes the spaces to take the word…
          out.push({ page: 1, text: [...line, w].join(' '), last: false });
          line = [];
          continue;
        }
        if (mode === 'justified' && now < MEASURE * 0.99) {
          // …or hyphenates it where the line comes nearest the measure, so no line is much short of it.
          let cut = 2;
          for (let c = 2; c <= w.length - 2; c++) if (Math.abs(face([...line, `${w.slice(0, c)}-`].join(' ')) - MEASURE) < Math.abs(face([...line, `${w.slice(0, cut)}-`].join(' ')) - MEASURE)) cut = c;
          if (w.length >= 4 && /^\p{Ll}+[,.]?$/u.test(w.slice(cut))) {
            out.push({ page: 1, text: [...line, `${w.slice(0, cut)}-`].join(' '), last: false });
            line = [w.slice(cut)];
            continue;
          }
        }
        out.push({ page: 1, text: line.join(' '), last: false });
        line = [];
      }
      line.push(w);
    }
    if (line.length > 0) out.push({ page: 1, text: line.join(' '), last: true });
  }
  return out;
}

describe('learnt glyph widths', () => {
  it('measure the full lines of justified text near 1', () => {
    const lines = wrap('justified');
    const full = fullLines(lines);
    const learnt = learnMeasure(full);
    expect(learnt).not.toBeNull();
    const spread = (ws: number[]): number => {
      const sorted = [...ws].sort((a, b) => a - b);
      return (sorted[Math.floor(0.9 * sorted.length)] ?? 0) - (sorted[Math.floor(0.1 * sorted.length)] ?? 0);
    };
    const generic = full.map(([t]) => textWidth(t));
    const median = [...generic].sort((a, b) => a - b)[Math.floor(generic.length / 2)] ?? 1;
    const learntWidths = full.map(([t]) => learnt?.width(t) ?? 0);
    expect(spread(learntWidths)).toBeLessThan(0.75 * spread(generic.map((w) => w / median)));
    const near = learntWidths.filter((w) => Math.abs(w - 1) < 0.05).length;
    expect(near / learntWidths.length).toBeGreaterThan(0.85);
  });

  it('in justified text, call nearly every paragraph’s last line a tenth short of the measure short, whatever word comes next', () => {
    const lines = wrap('justified');
    const learnt = learnMeasure(fullLines(lines));
    const lasts = lines.filter((l) => l.last && face(l.text) < 0.9 * MEASURE && face(l.text) > 0.7 * MEASURE);
    expect(lasts.length).toBeGreaterThan(10);
    // Before the report's longest word, where a first-fit wrapper's full lines are short too.
    const called = lasts.filter((l) => learnt?.isShort(l.text, 'Notwithstanding the') === true);
    expect(called.length / lasts.length).toBeGreaterThanOrEqual(0.9);
    // And a full line is not short.
    const fulls = lines.filter((l) => !l.last && face(l.text) > 0.98 * MEASURE).slice(0, 50);
    const short = fulls.filter((l) => learnt?.isShort(l.text, 'The') === true).length;
    expect(short).toBeLessThanOrEqual(2);
  });

  it('in first-fit ragged-right text, never call a line short: there a line before a long word is short anyway', () => {
    const lines = wrap('first-fit');
    const learnt = learnMeasure(fullLines(lines));
    expect(learnt).not.toBeNull();
    const lasts = lines.filter((l) => l.last && face(l.text) < 0.9 * MEASURE);
    expect(lasts.length).toBeGreaterThan(10);
    expect(lasts.filter((l) => learnt?.isShort(l.text, 'Notwithstanding') === true)).toEqual([]);
  });

  it('take a line wider than the measure, short of two, as a full line and the short one pdftotext joined to it', () => {
    const lines = wrap('justified');
    const learnt = learnMeasure(fullLines(lines));
    const k = lines.findIndex((l, i) => l.last && face(l.text) < 0.6 * MEASURE && !(lines[i - 1]?.last ?? true));
    const full = lines[k - 1]?.text ?? '';
    const short = lines[k]?.text ?? '';
    expect(learnt?.overflow(`${full} ${short}`)).toBe(short);
    expect(learnt?.overflow(full)).toBeNull();
    // Two full lines joined say nothing of where a paragraph ends.
    const twoFull = lines.findIndex((l, i) => !l.last && !(lines[i + 1]?.last ?? true) && face(l.text) > 0.97 * MEASURE && face(lines[i + 1]?.text ?? '') > 0.97 * MEASURE);
    expect(learnt?.overflow(`${lines[twoFull]?.text ?? ''} ${lines[twoFull + 1]?.text ?? ''}`)).toBeNull();
  });

  it('learns nothing from too few full lines', () => {
    expect(learnMeasure([['a line that wraps mid-sentence onto the', 'next line']])).toBeNull();
  });
});
