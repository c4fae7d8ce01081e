/**
 * Text runs of one PDF page → lines: runs are grouped by baseline; a small
 * run raised above the baseline of a larger line is a superscript of that
 * line (a footnote marker when it is a number, a footnote's own number when
 * it opens the line); spaces are put where the gap between runs is one.
 */
import type { FoundMarker } from '../lines.js';
import type { Run } from './schema.js';

export interface PdfLine {
  page: number;
  /** Baseline, in points from the page bottom. */
  y: number;
  x0: number;
  x1: number;
  /** The size most of the line's characters have (superscripts left out). */
  size: number;
  /** The font most of the line's characters are in. */
  font: string;
  /** Share of the line's characters in `font`. */
  fontShare: number;
  text: string;
  /** Superscript numbers inside the line: footnote markers. */
  markers: FoundMarker[];
  /** A superscript number before any text: the line opens that footnote. */
  leadNumber: number | null;
  /** Width in points of the line's first word. */
  firstWordWidth: number;
  /** Width in points of a space at the line's size. */
  spaceWidth: number;
}

interface Placed extends Run {
  sup: boolean;
}

const SUPER_NUMBERS = /^\d{1,3}(?:\s*[,–-]\s*\d{1,3})*$/u;

export function pageLines(page: number, runs: readonly Run[]): PdfLine[] {
  const visible = runs.filter((r) => r.s.trim().length > 0 && r.size > 0);
  // Baseline clusters: runs whose baselines are within a quarter of their size.
  const sorted = [...visible].sort((a, b) => b.y - a.y || a.x - b.x);
  const clusters: { y: number; size: number; runs: Placed[] }[] = [];
  for (const r of sorted) {
    const c = clusters.find((k) => Math.abs(k.y - r.y) <= 0.25 * Math.min(k.size, r.size) + 0.01);
    if (c) {
      c.runs.push({ ...r, sup: false });
      if (r.size > c.size) c.size = r.size;
    } else clusters.push({ y: r.y, size: r.size, runs: [{ ...r, sup: false }] });
  }
  // Superscript clusters: all small, short runs, just above a line of larger text.
  const kept: typeof clusters = [];
  const supers: typeof clusters = [];
  for (const c of clusters) {
    const short = c.runs.every((r) => r.s.trim().length <= 8);
    const base = short ? baseFor(c, clusters) : null;
    if (base) {
      for (const r of c.runs) base.runs.push({ ...r, sup: true });
      supers.push(c);
    } else kept.push(c);
  }
  return kept
    .filter((c) => !supers.includes(c))
    .sort((a, b) => b.y - a.y)
    .map((c) => buildLine(page, c.y, c.runs))
    .filter((l): l is PdfLine => l !== null);
}

/** The line a cluster of small runs is a superscript of: larger text whose baseline is a little below. */
function baseFor(c: { y: number; size: number; runs: Placed[] }, all: readonly { y: number; size: number; runs: Placed[] }[]): { y: number; size: number; runs: Placed[] } | null {
  let best: { y: number; size: number; runs: Placed[] } | null = null;
  for (const k of all) {
    if (k === c) continue;
    const mainSize = dominantSize(k.runs);
    if (c.size > 0.85 * mainSize) continue;
    const raise = c.y - k.y;
    if (raise < 0.12 * mainSize || raise > 0.75 * mainSize) continue;
    const x0 = Math.min(...k.runs.map((r) => r.x)) - 2 * mainSize;
    const x1 = Math.max(...k.runs.map((r) => r.x + r.w)) + 2 * mainSize;
    if (!c.runs.every((r) => r.x >= x0 && r.x <= x1)) continue;
    if (!best || raise < c.y - best.y) best = k;
  }
  return best;
}

function dominantSize(runs: readonly Run[]): number {
  const bySize = new Map<number, number>();
  for (const r of runs) bySize.set(round(r.size), (bySize.get(round(r.size)) ?? 0) + r.s.length);
  return [...bySize].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 0;
}

function buildLine(page: number, y: number, runs: Placed[]): PdfLine | null {
  const main = runs.filter((r) => !r.sup);
  if (main.length === 0) return null;
  const size = dominantSize(main);
  const byFont = new Map<string, number>();
  for (const r of main) byFont.set(r.f, (byFont.get(r.f) ?? 0) + r.s.trim().length);
  const total = [...byFont.values()].reduce((a, b) => a + b, 0);
  const [font, fontChars] = [...byFont].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  const ordered = [...runs].sort((a, b) => a.x - b.x);
  let text = '';
  let end = -Infinity;
  let endSize = size;
  const markers: FoundMarker[] = [];
  let leadNumber: number | null = null;
  for (const r of ordered) {
    const s = r.s.replace(/\s+/gu, ' ');
    const gap = r.x - end;
    const spaced = gap > 0.18 * Math.min(endSize, r.size) || gap < -0.5 * Math.min(endSize, r.size);
    if (r.sup && SUPER_NUMBERS.test(s.trim())) {
      const numbers = (s.match(/\d{1,3}/gu) ?? []).map(Number);
      if (text.trim().length === 0 && leadNumber === null && numbers.length === 1) leadNumber = numbers[0] ?? null;
      else for (const n of numbers) markers.push({ n, col: text.trimEnd().length });
      text = text.trimEnd();
    } else {
      if (text.length > 0 && spaced && !/\s$/u.test(text) && !/^\s/u.test(s)) text += ' ';
      text += s;
    }
    end = Math.max(end, r.x + r.w);
    endSize = r.size;
  }
  const leading = text.length - text.trimStart().length;
  text = text.trim();
  for (const m of markers) m.col = Math.max(0, Math.min(text.length, m.col - leading));
  if (text.length === 0) return null;
  const first = main.slice().sort((a, b) => a.x - b.x)[0] as Placed;
  const firstWord = /^\S+/u.exec(first.s.trimStart())?.[0] ?? '';
  const firstWordWidth = first.s.length > 0 ? (first.w * firstWord.length) / first.s.length : 0;
  return {
    page,
    y,
    x0: Math.min(...main.map((r) => r.x)),
    x1: Math.max(...main.map((r) => r.x + r.w)),
    size,
    font,
    fontShare: total > 0 ? fontChars / total : 1,
    text,
    markers,
    leadNumber,
    firstWordWidth,
    spaceWidth: 0.25 * size,
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
