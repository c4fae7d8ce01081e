/**
 * The source's own text style → LineModel.
 *
 * The extraction has no blank lines between paragraphs, prints footnote texts
 * in blocks at page bottoms (mostly without their numbers), and marks page
 * breaks only by a leading space on the first line of a page (and of a
 * footnote block). Read in two passes:
 *
 * 1. Classify lines with a small state machine: title block, body, blank,
 *    footnote block (text, lone number lines, or "N text" lines whose N is a
 *    pending marker). A footnote block opens at a lone number line naming a
 *    pending marker, or at the first space-led line after the page's body has
 *    shown markers; the next space-led line after block text opens a new
 *    page. Markers are matched by number across the whole document: a first
 *    reading takes the glued numbers that continue the numbering as it goes
 *    (the next number, or up to two past it); then the numbering is read off
 *    all the body's glued numbers at once (markerChain: the longest
 *    increasing run, where a jump past lost markers counts when the
 *    numbering goes on from it), and the lines are read again with those
 *    markers, until the two agree. A page's footnotes are numbered on from
 *    the last footnote before them to its last marker, so a marker lost in
 *    the body does not shift the footnotes after it.
 * 2. Split each footnote block into as many footnotes as the page has
 *    numbers, choosing the line boundaries that look most like footnote ends
 *    (the next line's first word would have fit, the line ends a sentence,
 *    the next opens one), with lines measured in ems (lines.ts textWidth).
 *    Close calls are reported as warnings. Text before a block's first
 *    number that names the page's first number is the end of the previous
 *    page's last footnote, continued.
 */
import { createHash } from 'node:crypto';
import { ENDS_SENTENCE, LONE_NUMBER, OPENS_SENTENCE, firstWord, isGluedAt, textWidth, type FoundMarker } from '../lines.js';
import type { BodyLine, FootnotePiece, LineModel } from '../model.js';
import { percentile } from '../assemble.js';
import { rejoinAtMarkers } from './rejoin.js';

/** A block's items; a number read off an "N text" line keeps that line (`line`), in case the document turns out not to number its footnotes. */
type BlockItem = { kind: 'number'; n: number; no: number; line?: string } | { kind: 'text'; text: string; no: number };

interface FootnoteBlock {
  page: number;
  pending: number[];
  items: BlockItem[];
}

/** A footnote line that keeps its number: "12 The law …". */
const NUMBERED = /^(\d{1,3})\s+(\S.*)$/u;

/** A number glued to a word as a footnote marker is ("restrictions33", "chamber).1"): a candidate marker. */
interface Glued {
  /** Index of the raw line. */
  line: number;
  /** Where the digits start in the line's trimmed text. */
  at: number;
  length: number;
  n: number;
}

/** Which of a line's glued numbers are markers, given the number the document's numbering expects next. */
type MarkerRule = (line: number, glued: readonly Glued[], next: number) => Glued[];

/** The first reading's rule: a glued number continues the numbering (the next number, or up to two past it). */
const continuesNumbering: MarkerRule = (_line, glued, next) => {
  const out: Glued[] = [];
  let expected = next;
  for (const g of glued) {
    if (g.n < expected || g.n > expected + 2) continue;
    out.push(g);
    expected = g.n + 1;
  }
  return out;
};

/** The trimmed text of a raw line (form feeds read as spaces), and whether it is led by a space (a page break). */
function lineText(line: string): { t: string; leadingBreak: boolean } {
  const leadingBreak = /^[ \t\f]/u.test(line) || line.includes('\f');
  return { t: line.replace(/\f/gu, ' ').trim(), leadingBreak };
}

function gluedNumbers(line: number, t: string): Glued[] {
  const out: Glued[] = [];
  for (const m of t.matchAll(/\d{1,3}(?![\p{L}\p{N}])/gu)) {
    if (isGluedAt(t, m.index)) out.push({ line, at: m.index, length: m[0].length, n: Number(m[0]) });
  }
  return out;
}

export function readSourceStyle(raw: string, lines: readonly string[]): LineModel {
  // The body measure: lengths of lines that wrap mid-sentence onto a lower-case line.
  const wrapped: number[] = [];
  for (let k = 0; k + 1 < lines.length; k++) {
    const a = (lines[k] ?? '').trim();
    if (a.length >= 20 && /^\p{Ll}/u.test((lines[k + 1] ?? '').trim())) wrapped.push(a.length);
  }
  const width = percentile(wrapped, 0.5) || 80;

  // Title block: the leading lines before the first line of running text
  // (a line that wraps onto a lower-case line, or one as wide as the body).
  const titleLines: string[] = [];
  let i = 0;
  for (; i < lines.length && i < 10; i++) {
    const t = (lines[i] ?? '').trim();
    if (t.length === 0) continue;
    const next = (lines[i + 1] ?? '').trim();
    if (t.length >= 0.95 * width || /^\p{Ll}/u.test(next)) break;
    titleLines.push(t);
  }
  if (i >= 10 || i >= lines.length) {
    titleLines.length = 0;
    i = 0;
  }

  // Markers matched by number across the whole document: read with the numbering as it goes, then again with the
  // numbering read off the whole body, until the markers taken are those of the numbering.
  const glued = lines.map((l, k) => gluedNumbers(k, lineText(l).t));
  let pass = readLines(lines, i, continuesNumbering, glued);
  for (let round = 0; round < 3; round++) {
    const chain = markerChain(pass.bodyLines.flatMap((k) => glued[k] ?? []));
    const keys = new Set(chain.map((g) => `${g.line}:${g.at}`));
    if (keys.size === pass.taken.size && [...keys].every((k) => pass.taken.has(k))) break;
    pass = readLines(lines, i, (_line, gs) => gs.filter((g) => keys.has(`${g.line}:${g.at}`)), glued);
  }
  const { body, warnings, page } = pass;
  const blocks = numbersFootnotes(pass.blocks) ? pass.blocks : pass.blocks.map(unlabelled);

  const fnLines = blocks.flatMap((b) => b.items.filter((it): it is Extract<BlockItem, { kind: 'text' }> => it.kind === 'text'));
  const fnThreshold = footnoteThreshold(fnLines.map((l) => l.text));
  const footnotes: FootnotePiece[] = [];
  for (const b of blocks) splitBlock(b, fnThreshold, footnotes, warnings);

  return {
    form: 'source text',
    titleLines,
    body: rejoinAtMarkers(body, (t) => t.length),
    footnotes,
    pages: page,
    widthUnit: 'chars',
    warnings,
    source: { sha256: createHash('sha256').update(raw).digest('hex'), lines: lines.length, chars: raw.length },
  };
}

interface Pass {
  body: BodyLine[];
  blocks: FootnoteBlock[];
  warnings: string[];
  page: number;
  /** Raw line indexes read as body text. */
  bodyLines: number[];
  /** The glued numbers taken as markers, as "line:at". */
  taken: Set<string>;
}

/** Pass 1 (see the top): the state machine over the lines from `start`, taking as markers the glued numbers `rule` names. */
function readLines(lines: readonly string[], start: number, rule: MarkerRule, glued: readonly Glued[][]): Pass {
  const warnings: string[] = [];
  const body: BodyLine[] = [];
  const blocks: FootnoteBlock[] = [];
  const bodyLines: number[] = [];
  const taken = new Set<string>();
  let page = 1;
  let state = 'body' as 'body' | 'footnotes';
  let pending: number[] = [];
  /** The last number of the footnotes read so far: a page's footnotes are numbered on from it. */
  let lastNumber = 0;
  let block: FootnoteBlock | null = null;
  let nextMarker = 1;
  let blankBefore = false;
  let pageStart = true;

  /** The numbers of the footnotes the page's block holds: on from the last footnote to the page's last marker. */
  const numbers = (): number[] => {
    const last = pending[pending.length - 1];
    return last === undefined ? [] : range1(Math.min(lastNumber + 1, pending[0] ?? last), last);
  };
  const closeBlock = (): void => {
    if (block) {
      blocks.push(block);
      lastNumber = Math.max(lastNumber, ...block.pending);
    }
    block = null;
    pending = [];
  };
  const openBlock = (): FootnoteBlock => {
    const b: FootnoteBlock = { page, pending: numbers(), items: [] };
    block = b;
    state = 'footnotes';
    return b;
  };
  /** Block items of a line that keeps its footnote number, if its number is one of the page's. */
  const numbered = (t: string, no: number, among: readonly number[]): BlockItem[] | null => {
    const m = NUMBERED.exec(t);
    if (!m || !among.includes(Number(m[1]))) return null;
    return [
      { kind: 'number', n: Number(m[1]), no, line: t },
      { kind: 'text', text: m[2] ?? '', no },
    ];
  };

  for (let i = start; i < lines.length; i++) {
    const no = i + 1;
    const { t, leadingBreak } = lineText(lines[i] ?? '');
    if (t.length === 0) {
      if (state === 'body') blankBefore = true;
      continue;
    }
    const lone = LONE_NUMBER.exec(t);
    if (lone) {
      const n = Number(lone[1]);
      const among = state === 'footnotes' && block ? (block as FootnoteBlock).pending : numbers();
      if (among.includes(n)) {
        const b = state === 'footnotes' && block ? block : openBlock();
        b.items.push({ kind: 'number', n, no });
        continue;
      }
      if (state === 'body') {
        warnings.push(`line ${no}: lone number "${t}" matches no pending footnote marker; taken as a page number and left out`);
        continue;
      }
    }
    if (state === 'footnotes' && block) {
      const current: FootnoteBlock = block;
      const hasText = current.items.some((it) => it.kind === 'text');
      if (leadingBreak && hasText) {
        closeBlock();
        state = 'body';
        page++;
        pageStart = true;
        blankBefore = false;
      } else {
        current.items.push(...(numbered(t, no, current.pending) ?? [{ kind: 'text', text: t, no }]));
        continue;
      }
    } else if (leadingBreak && body.length > 0) {
      if (pending.length > 0) {
        const b = openBlock();
        b.items.push(...(numbered(t, no, b.pending) ?? [{ kind: 'text' as const, text: t, no }]));
        continue;
      }
      page++;
      pageStart = true;
    }
    const chosen = rule(i, glued[i] ?? [], nextMarker);
    const markers: FoundMarker[] = [];
    let text = '';
    let last = 0;
    for (const g of chosen) {
      if (g.n > nextMarker) {
        warnings.push(`line ${no}: footnote marker${g.n - nextMarker > 1 ? 's' : ''} ${range(nextMarker, g.n - 1)} not found before marker ${g.n}`);
      }
      text += t.slice(last, g.at);
      markers.push({ n: g.n, col: text.length });
      last = g.at + g.length;
      pending.push(g.n);
      nextMarker = g.n + 1;
      taken.add(`${g.line}:${g.at}`);
    }
    text = (text + t.slice(last)).trim();
    body.push({ no, page, text, width: text.length, markers, blankBefore, pageStart });
    bodyLines.push(i);
    blankBefore = false;
    pageStart = false;
  }
  closeBlock();
  return { body, blocks, warnings, page, bodyLines, taken };
}

/**
 * Whether the document prints its footnotes' numbers ("12 The law …"): when
 * at least half of its footnotes start on such a line. In a document that
 * does not, a footnote line that happens to start with a pending number
 * ("14 October.", wrapped from a date) is text, not a label: read as one, it
 * would cut the block there and shift every footnote before it.
 */
function numbersFootnotes(blocks: readonly FootnoteBlock[]): boolean {
  let labels = 0;
  let footnotes = 0;
  for (const b of blocks) {
    footnotes += b.pending.length;
    labels += b.items.filter((it) => it.kind === 'number' && it.line !== undefined).length;
  }
  return footnotes > 0 && labels >= footnotes / 2;
}

/** A block with its "N text" lines read back as text (lone number lines stay labels). */
function unlabelled(block: FootnoteBlock): FootnoteBlock {
  const items: BlockItem[] = [];
  for (let k = 0; k < block.items.length; k++) {
    const it = block.items[k] as BlockItem;
    const next = block.items[k + 1];
    if (it.kind === 'number' && it.line !== undefined && next?.kind === 'text' && next.no === it.no) {
      items.push({ kind: 'text', text: it.line, no: it.no });
      k++;
    } else items.push(it);
  }
  return { ...block, items };
}

/**
 * The document's footnote numbering, read off all the numbers glued to words
 * in the body at once: the longest run of them whose numbers rise through the
 * text (markers come in reading order, each number once), the earliest
 * occurrence where a number is glued twice. A run that jumps past three or
 * more numbers (markers lost in extraction) counts only where the numbering
 * goes on from the jump (the next number follows it); else the jump is a
 * stray number ("Channel99") and is dropped.
 *
 * The longest rising run is found by patience sorting, in n log n time, so
 * that a text full of glued numbers cannot stall the parse.
 */
export function markerChain(glued: readonly Glued[]): Glued[] {
  /** tails[k]: index of the smallest last number of a rising run of length k + 1 found so far. */
  const tails: number[] = [];
  const prev = new Array<number>(glued.length).fill(-1);
  for (const [i, g] of glued.entries()) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((glued[tails[mid] as number] as Glued).n < g.n) lo = mid + 1;
      else hi = mid;
    }
    // The same number again ends no run better than its first occurrence did.
    if (lo < tails.length && (glued[tails[lo] as number] as Glued).n === g.n) continue;
    prev[i] = lo > 0 ? (tails[lo - 1] as number) : -1;
    tails[lo] = i;
  }
  const chain: Glued[] = [];
  for (let k = tails[tails.length - 1] ?? -1; k >= 0; k = prev[k] ?? -1) chain.push(glued[k] as Glued);
  chain.reverse();
  const kept: Glued[] = [];
  for (const [k, g] of chain.entries()) {
    const before = kept[kept.length - 1]?.n ?? 0;
    if (g.n - before - 1 > 2 && chain[k + 1]?.n !== g.n + 1) continue;
    kept.push(g);
  }
  return kept;
}

function range1(a: number, b: number): number[] {
  return Array.from({ length: Math.max(0, b - a + 1) }, (_, k) => a + k);
}

/**
 * Footnote lines are measured in ems of a generic face (lines.ts textWidth):
 * a line of narrow letters is told from a full one far better than by its
 * characters, so a block's footnote ends stand out more clearly (on the
 * source, the two boundaries that were close calls in characters are clear
 * in ems, and every boundary is the same).
 */
const SPACE = textWidth(' ');
const firstWordWidth = (text: string): number => textWidth(firstWord(text));

/** The footnote measure, from lines that do not end a sentence (as the body's, in assemble.ts). */
export function footnoteThreshold(texts: readonly string[]): number {
  const overflow: number[] = [];
  for (let k = 0; k + 1 < texts.length; k++) {
    const a = texts[k] ?? '';
    const b = texts[k + 1] ?? '';
    if (ENDS_SENTENCE.test(a) || a.length < 20) continue;
    overflow.push(textWidth(a) + SPACE + firstWordWidth(b));
  }
  return overflow.length === 0 ? 35 : percentile(overflow, 0.05);
}

function splitBlock(block: FootnoteBlock, threshold: number, out: FootnotePiece[], warnings: string[]): void {
  const numbers = block.pending;
  const first = numbers[0];
  if (first === undefined) return;
  // Segments start at each number line that follows text (a hard boundary); leading number lines only label.
  const segments: { start: number; lines: { text: string; no: number }[] }[] = [{ start: first, lines: [] }];
  let sawText = false;
  for (const item of block.items) {
    const seg = segments[segments.length - 1];
    if (!seg) continue;
    if (item.kind === 'number') {
      if (sawText) segments.push({ start: item.n, lines: [] });
      else if (seg.lines.length === 0 && item.n !== seg.start && item.n === numbers[0]) seg.start = item.n;
      continue;
    }
    sawText = true;
    seg.lines.push({ text: item.text, no: item.no });
  }
  const end = (numbers[numbers.length - 1] ?? first) + 1;
  for (const [s, seg] of segments.entries()) {
    const stop = segments[s + 1]?.start ?? end;
    const count = stop - seg.start;
    if (seg.lines.length === 0) continue;
    if (count <= 0) {
      const previous = out[out.length - 1];
      if (s === 0 && previous && previous.page < block.page) {
        // Text before the number of the page's first footnote: the previous footnote, continued.
        previous.lines.push(...seg.lines);
        continue;
      }
      warnings.push(`page ${block.page}: footnote text "${clip(seg.lines[0]?.text ?? '')}" has no marker left to belong to`);
      continue;
    }
    if (count > seg.lines.length) {
      warnings.push(`page ${block.page}: ${count} footnote markers (${range(seg.start, stop - 1)}) but only ${seg.lines.length} footnote lines`);
    }
    const cuts = chooseCuts(seg.lines.map((l) => l.text), Math.min(count, seg.lines.length) - 1, threshold);
    if (cuts.ambiguous) {
      warnings.push(`page ${block.page}: footnotes ${range(seg.start, stop - 1)}: boundary after line ${seg.lines[cuts.ambiguous]?.no ?? '?'} is a close call`);
    }
    const bounds = [0, ...cuts.cuts, seg.lines.length];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const part = seg.lines.slice(bounds[k], bounds[k + 1]);
      if (part.length === 0) continue;
      out.push({ n: seg.start + k, page: block.page, lines: part });
    }
  }
}

/** Picks `k` cut points (line indexes where a new footnote starts) among the lines of a block. */
export function chooseCuts(texts: readonly string[], k: number, threshold: number): { cuts: number[]; ambiguous: number | null } {
  if (k <= 0) return { cuts: [], ambiguous: null };
  const scored: { at: number; score: number }[] = [];
  for (let j = 0; j + 1 < texts.length; j++) {
    const a = texts[j] ?? '';
    const b = texts[j + 1] ?? '';
    let score = 3 * (1 - textWidth(a) / threshold);
    if (textWidth(a) + SPACE + firstWordWidth(b) < threshold) score += 1;
    if (ENDS_SENTENCE.test(a)) score += 1;
    else if (/(https?:\/\/|www\.)\S+$/u.test(a)) score += 0.5;
    if (OPENS_SENTENCE.test(b) || (ENDS_SENTENCE.test(a) && /^(https?:|www\.)/u.test(b))) score += 0.5;
    else score -= 1;
    scored.push({ at: j + 1, score });
  }
  const ranked = [...scored].sort((x, y) => y.score - x.score || x.at - y.at);
  const chosen = ranked.slice(0, k);
  const weakest = chosen[chosen.length - 1];
  const runnerUp = ranked[k];
  const ambiguous = weakest && runnerUp && weakest.score - runnerUp.score < 0.3 ? weakest.at - 1 : null;
  return { cuts: chosen.map((c) => c.at).sort((x, y) => x - y), ambiguous };
}

export function range(a: number, b: number): string {
  return a === b ? String(a) : `${a}–${b}`;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
