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
 *    page. Markers are found in body lines as they are read, following the
 *    document's numbering.
 * 2. Split each footnote block into as many footnotes as the page has pending
 *    markers, choosing the line boundaries that look most like footnote ends
 *    (the next line's first word would have fit, the line ends a sentence,
 *    the next opens one). Close calls are reported as warnings. Text before a
 *    block's first number that names the page's first pending marker is the
 *    end of the previous page's last footnote, continued.
 */
import { createHash } from 'node:crypto';
import { ENDS_SENTENCE, LONE_NUMBER, OPENS_SENTENCE, findMarkers, firstWordLength } from '../lines.js';
import type { BodyLine, FootnotePiece, LineModel } from '../model.js';
import { percentile } from '../assemble.js';

type BlockItem = { kind: 'number'; n: number; no: number } | { kind: 'text'; text: string; no: number };

interface FootnoteBlock {
  page: number;
  pending: number[];
  items: BlockItem[];
}

/** A footnote line that keeps its number: "12 The law …". */
const NUMBERED = /^(\d{1,3})\s+(\S.*)$/u;

export function readSourceStyle(raw: string, lines: readonly string[]): LineModel {
  const warnings: string[] = [];
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

  const body: BodyLine[] = [];
  const blocks: FootnoteBlock[] = [];
  let page = 1;
  let state = 'body' as 'body' | 'footnotes';
  let pending: number[] = [];
  let block: FootnoteBlock | null = null;
  let nextMarker = 1;
  let blankBefore = false;
  let pageStart = true;

  const closeBlock = (): void => {
    if (block) blocks.push(block);
    block = null;
    pending = [];
  };
  const openBlock = (): FootnoteBlock => {
    const b: FootnoteBlock = { page, pending: [...pending], items: [] };
    block = b;
    state = 'footnotes';
    return b;
  };
  /** Block items of a line that keeps its footnote number, if its number is pending. */
  const numbered = (t: string, no: number): BlockItem[] | null => {
    const m = NUMBERED.exec(t);
    if (!m || !pending.includes(Number(m[1]))) return null;
    return [
      { kind: 'number', n: Number(m[1]), no },
      { kind: 'text', text: m[2] ?? '', no },
    ];
  };

  for (; i < lines.length; i++) {
    const no = i + 1;
    let line = lines[i] ?? '';
    let leadingBreak = /^[ \t\f]/u.test(line);
    if (line.includes('\f')) {
      leadingBreak = true;
      line = line.replace(/\f/gu, ' ');
    }
    const t = line.trim();
    if (t.length === 0) {
      if (state === 'body') blankBefore = true;
      continue;
    }
    const lone = LONE_NUMBER.exec(t);
    if (lone) {
      const n = Number(lone[1]);
      if (pending.includes(n)) {
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
        current.items.push(...(numbered(t, no) ?? [{ kind: 'text', text: t, no }]));
        continue;
      }
    } else if (leadingBreak && body.length > 0) {
      if (pending.length > 0) {
        const items = numbered(t, no) ?? [{ kind: 'text' as const, text: t, no }];
        openBlock().items.push(...items);
        continue;
      }
      page++;
      pageStart = true;
    }
    const found = findMarkers(t, nextMarker);
    for (const m of found.markers) {
      if (m.n > nextMarker) {
        warnings.push(`line ${no}: footnote marker${m.n - nextMarker > 1 ? 's' : ''} ${range(nextMarker, m.n - 1)} not found before marker ${m.n}`);
      }
      pending.push(m.n);
      nextMarker = m.n + 1;
    }
    body.push({ no, page, text: found.text.trim(), width: found.text.trim().length, markers: found.markers, blankBefore, pageStart });
    blankBefore = false;
    pageStart = false;
  }
  closeBlock();

  const fnLines = blocks.flatMap((b) => b.items.filter((it): it is Extract<BlockItem, { kind: 'text' }> => it.kind === 'text'));
  const fnThreshold = footnoteThreshold(fnLines.map((l) => l.text));
  const footnotes: FootnotePiece[] = [];
  for (const b of blocks) splitBlock(b, fnThreshold, footnotes, warnings);

  return {
    form: 'source text',
    titleLines,
    body,
    footnotes,
    pages: page,
    widthUnit: 'chars',
    warnings,
    source: { sha256: createHash('sha256').update(raw).digest('hex'), lines: lines.length, chars: raw.length },
  };
}

/** The footnote measure, from lines that do not end a sentence (as the body's, in assemble.ts). */
function footnoteThreshold(texts: readonly string[]): number {
  const overflow: number[] = [];
  for (let k = 0; k + 1 < texts.length; k++) {
    const a = texts[k] ?? '';
    const b = texts[k + 1] ?? '';
    if (ENDS_SENTENCE.test(a) || a.length < 20) continue;
    overflow.push(a.length + 1 + firstWordLength(b));
  }
  return overflow.length === 0 ? 80 : percentile(overflow, 0.05);
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
function chooseCuts(texts: readonly string[], k: number, threshold: number): { cuts: number[]; ambiguous: number | null } {
  if (k <= 0) return { cuts: [], ambiguous: null };
  const scored: { at: number; score: number }[] = [];
  for (let j = 0; j + 1 < texts.length; j++) {
    const a = texts[j] ?? '';
    const b = texts[j + 1] ?? '';
    let score = 3 * (1 - a.length / threshold);
    if (a.length + 1 + firstWordLength(b) < threshold) score += 1;
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
