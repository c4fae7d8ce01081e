/**
 * The glyph widths of a text's own typeface, learnt from the text itself.
 *
 * Extracted text has lost its glyph widths, so line lengths are first
 * measured in a generic face (lines.ts textWidth), which can be off by a few
 * per cent a line in another face: enough to hide a paragraph's last line
 * that is a tenth short of the measure. But in justified text every line
 * that wraps mid-sentence has the same printed width, the measure. So the
 * width of each character is fitted so that those lines all measure 1: a
 * ridge least-squares fit (the generic widths are the prior, so characters
 * seen rarely keep their generic proportions), refitted twice without the
 * lines it fits worst (lines that were not full after all: the last line
 * before a page break, a line ended by a marker). Hand-written: a fit of
 * ~80 unknowns over a few hundred lines is a small dense solve, and no
 * well-kept npm library offers it without a numerics stack.
 *
 * With the learnt widths a line that ends a clause is short (a paragraph's
 * last) when few of the text's full lines before a word as wide as the next
 * are as short: see isShort. The text's own lines also say whether it was
 * wrapped first-fit, where that test says nothing (GREEDY_CORRELATION).
 *
 * Limits: a paragraph whose last line is full still reads as running on,
 * and a full line that the typesetter stretched far (a loose line) reads as
 * a paragraph's end. Measured on the LaTeX relayout through pdftotext: 60 of
 * 63 paragraphs in every mode (57 before); on 32 first-fit pdfkit
 * typesettings, 92.5% (92.2% before).
 */
import { percentile } from './assemble.js';
import { ENDS_CLAUSE, firstWord, textWidth } from './lines.js';

export interface LearntMeasure {
  /** Printed width of a text, as a fraction of the measure (a full line is about 1). */
  width(text: string): number;
  /**
   * Whether a line that ends a clause is too short to have wrapped before
   * `next`: fewer than SHORT_SHARE of the text's lines that wrapped
   * mid-sentence before a word at least as wide as next's first word are as
   * short. In justified text full lines are all about 1, whatever word comes
   * next, so a line a tenth short is a paragraph's last even where the next
   * paragraph opens with a long word. In ragged-right text (a greedy
   * wrapper's), a line before a long word is often short, and its shortness
   * says nothing; the text's own lines show which of the two it is.
   */
  isShort(line: string, next: string): boolean;
  /**
   * For a line wider than any line the measure holds (JOINED) but short of
   * two full lines, the words past the measure: the second of two printed
   * lines an extractor joined into one, a short line. Null for any other
   * line (two full lines joined say nothing of where a paragraph ends).
   */
  overflow(line: string): string | null;
}

/** Fewer full lines than this leave too little to fit widths from. */
const MIN_LINES = 40;
/** Weight of the generic widths against the data, in lines. */
const PRIOR = 0.3;
/** A line is short when fewer than this share of comparable full lines are as short. */
const SHORT_SHARE = 0.05;
/**
 * A first-fit wrapper (most word processors' ragged-right text, simple
 * typesetters) ends a line as soon as the next word does not fit, so a line
 * is the shorter the longer the word after it: their widths correlate
 * strongly and negatively (−0.41 to −0.56 measured on most ragged-right
 * test typesettings through pdftotext; two with first-line indents, −0.22
 * and −0.27, where the test is on and does no harm). A justifying or
 * total-fit wrapper (TeX; the source's word processor) sets lines close to
 * the measure whatever comes next (−0.09 to −0.26, and −0.15, measured). In
 * first-fit text a short line says nothing the wrap test does not, and it is
 * not used.
 */
const GREEDY_CORRELATION = -0.3;
/**
 * Wider than this (in measures) a line is two printed lines joined: full
 * lines measure 1 give or take the justification's few per cent (the widest
 * in the LaTeX relayout measures 1.07).
 */
const JOINED = 1.15;
/** A joined line's second part is taken as a short line only when it is well short of the measure (by this much). */
const SHORT_TAIL = 0.15;
/** Full lines compared with a candidate: at least this many, those before the widest next words when fewer qualify. */
const MIN_COMPARED = 20;

export function learnMeasure(pairs: readonly (readonly [string, string])[]): LearntMeasure | null {
  const full = pairs.map(([line]) => line);
  const generic = full.map((t) => textWidth(t));
  const median = percentile(generic, 0.5);
  if (full.length < MIN_LINES || median <= 0) return null;
  // Lines far from the median in the generic face are not full lines of the measure.
  let rows = full.filter((_, k) => Math.abs((generic[k] ?? 0) / median - 1) < 0.15);
  const index = new Map<string, number>();
  for (const t of rows) for (const c of t) if (!index.has(c)) index.set(c, index.size);
  const prior = [...index.keys()].map((c) => textWidth(c) / median);
  let w = prior.slice();
  const width = (text: string): number => {
    let s = 0;
    for (const c of text) {
      const i = index.get(c);
      s += i === undefined ? textWidth(c) / median : (w[i] ?? 0);
    }
    return s;
  };
  for (let round = 0; round < 3 && rows.length >= MIN_LINES; round++) {
    w = solveRidge(rows, index, prior);
    const residual = rows.map((t) => Math.abs(width(t) - 1));
    const mad = percentile(residual, 0.5);
    rows = rows.filter((_, k) => (residual[k] ?? 0) <= 4 * mad + 0.005);
  }
  // Full lines as (width, width of the space and word that did not fit after them), widest next word first.
  const samples = pairs.map(([line, next]) => ({ w: width(line), x: width(` ${firstWord(next)}`) })).sort((p, q) => q.x - p.x);
  const greedy = correlation(samples.map((p) => p.w), samples.map((p) => p.x)) < GREEDY_CORRELATION;
  return {
    width,
    isShort(line, next) {
      if (greedy) return false;
      const w = width(line);
      const x = width(` ${firstWord(next)}`);
      let n = 0;
      while (n < samples.length && (samples[n]?.x ?? 0) >= x) n++;
      const compared = samples.slice(0, Math.max(n, MIN_COMPARED));
      if (compared.length < MIN_COMPARED) return false;
      return compared.filter((p) => p.w <= w).length < SHORT_SHARE * compared.length;
    },
    overflow(line) {
      const w = width(line);
      if (w <= JOINED || w >= 2 - SHORT_TAIL) return null;
      // The first printed line: the words that come nearest the measure.
      const words = line.split(' ');
      const space = width(' ');
      let best = 1;
      let bestOff = Infinity;
      let prefix = -space;
      for (let k = 1; k < words.length; k++) {
        prefix += space + width(words[k - 1] ?? '');
        if (Math.abs(prefix - 1) < bestOff) {
          best = k;
          bestOff = Math.abs(prefix - 1);
        }
      }
      return words.slice(best).join(' ');
    },
  };
}

/** Pearson's correlation of two series (0 when either is constant). */
function correlation(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n === 0) return 0;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** Widths w minimising Σ (Σ_c n_c w_c − 1)² over rows + PRIOR Σ (w_c − prior_c)². */
function solveRidge(rows: readonly string[], index: ReadonlyMap<string, number>, prior: readonly number[]): number[] {
  const n = prior.length;
  const a: number[][] = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  for (let i = 0; i < n; i++) {
    (a[i] as number[])[i] = PRIOR;
    (a[i] as number[])[n] = PRIOR * (prior[i] ?? 0);
  }
  for (const t of rows) {
    const counts = new Map<number, number>();
    for (const c of t) {
      const i = index.get(c);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    for (const [i, ci] of counts) {
      const row = a[i] as number[];
      row[n] = (row[n] ?? 0) + ci;
      for (const [j, cj] of counts) row[j] = (row[j] ?? 0) + ci * cj;
    }
  }
  // Gauss–Jordan elimination with partial pivoting (the matrix is symmetric positive definite).
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]?.[col] ?? 0) > Math.abs(a[pivot]?.[col] ?? 0)) pivot = r;
    [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
    const p = a[col] as number[];
    const d = p[col] ?? 1;
    for (let c = col; c <= n; c++) p[c] = (p[c] ?? 0) / d;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = a[r] as number[];
      const f = row[col] ?? 0;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) row[c] = (row[c] ?? 0) - f * (p[c] ?? 0);
    }
  }
  return a.map((row) => row[n] ?? 0);
}

/** Lines that wrap mid-sentence onto a lower-case line of the same page, with that line: the full lines a measure is learnt from. */
export function fullLines(lines: readonly { text: string; page: number; blankBefore?: boolean }[]): [string, string][] {
  const out: [string, string][] = [];
  for (let k = 0; k + 1 < lines.length; k++) {
    const a = lines[k];
    const b = lines[k + 1];
    if (!a || !b || a.page !== b.page || b.blankBefore) continue;
    if (a.text.length >= 20 && !ENDS_CLAUSE.test(a.text) && /^\p{Ll}/u.test(b.text)) out.push([a.text, b.text]);
  }
  return out;
}
