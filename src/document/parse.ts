/**
 * Raw PDF-text extraction of a report → Document.
 *
 * The extraction has no blank lines between paragraphs, prints footnote texts
 * in blocks at page bottoms (mostly without their numbers), and marks page
 * breaks only by a leading space on the first line of a page (and of a
 * footnote block). The parser reads it in three passes:
 *
 * 1. Classify lines with a small state machine: title block, body, blank,
 *    footnote block (text or lone number lines). A footnote block opens at a
 *    lone number line naming a pending marker, or at the first space-led line
 *    after the page's body has shown markers; the next space-led line after
 *    block text opens a new page. Markers are found in body lines as they are
 *    read, following the document's numbering.
 * 2. Split each footnote block into as many footnotes as the page has pending
 *    markers, choosing the line boundaries that look most like footnote ends
 *    (the next line's first word would have fit, the line ends a sentence,
 *    the next opens one). Close calls are reported as warnings.
 * 3. Join body lines into paragraphs (a paragraph ends where a line ends a
 *    clause and the next line's first word would have fit on it), detect
 *    headings by shape and context, split sentences, and place markers.
 *
 * Nothing of one particular report is hard-coded: widths are measured from the
 * text itself, and headings are found by their shape.
 */
import { createHash } from 'node:crypto';
import {
  BULLET_ONLY,
  ENDS_CLAUSE,
  ENDS_SENTENCE,
  LONE_NUMBER,
  OPENS_SENTENCE,
  findMarkers,
  firstWordLength,
  headingShape,
  type FoundMarker,
} from './lines.js';
import type { Document, Footnote, Marker, Paragraph, Section } from './schema.js';
import { splitSentences } from './sentences.js';

export const PARSER_VERSION = '1.0.0';

/** Input the parser cannot make a document of. The message is one line, fit for a user. */
export class ParseError extends Error {
  override name = 'ParseError';
}

interface BodyLine {
  no: number;
  page: number;
  /** The line's text, trimmed, without marker digits. */
  text: string;
  /** Width of the line for wrap tests: its trimmed length without the (superscript, narrow) marker digits. */
  width: number;
  markers: FoundMarker[];
  blankBefore: boolean;
  pageStart: boolean;
}

type BlockItem = { kind: 'number'; n: number; no: number } | { kind: 'text'; text: string; no: number };

interface FootnoteBlock {
  page: number;
  pending: number[];
  items: BlockItem[];
}

/** Rejects input that is not report text: empty, binary (a NUL anywhere), or undecodable. */
export function assertReportText(raw: string): void {
  if (raw.trim().length === 0) throw new ParseError('the file is empty');
  if (raw.includes('\u0000')) throw new ParseError('the file looks binary (it contains NUL bytes), not extracted text');
  // The whole text, not a sample: damage past any fixed prefix is damage too.
  const bad = raw.match(/[\u0001-\u0008\u000E-\u001F\u007F\uFFFD]/gu)?.length ?? 0;
  if (bad / raw.length > 0.01) {
    throw new ParseError('the file looks binary or is not UTF-8 text (too many control or undecodable characters)');
  }
}

export function parseReport(raw: string): Document {
  assertReportText(raw);
  const warnings: string[] = [];
  const lines = raw.replace(/^\uFEFF/u, '').split(/\r\n|\n|\r/u);
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

  // Pass 1: classify lines.
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
        current.items.push({ kind: 'text', text: t, no });
        continue;
      }
    } else if (leadingBreak && body.length > 0) {
      if (pending.length > 0) {
        openBlock().items.push({ kind: 'text', text: t, no });
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
  const lastPage = page;

  // Pass 2: footnote texts.
  const fnLines = blocks.flatMap((b) => b.items.filter((it): it is Extract<BlockItem, { kind: 'text' }> => it.kind === 'text'));
  const fnThreshold = wrapThreshold(fnLines.map((l) => ({ text: l.text, width: l.text.length })), ENDS_SENTENCE);
  const footnoteTexts = new Map<number, { text: string; page: number; lines: { start: number; end: number } }>();
  for (const b of blocks) splitBlock(b, fnThreshold, footnoteTexts, warnings);

  // Pass 3: paragraphs and sections.
  const bodyThreshold = wrapThreshold(body.map((l) => ({ text: l.text, width: l.width })), ENDS_CLAUSE);
  const headingMax = Math.max(40, Math.round(0.75 * width));
  const sections: Section[] = [];
  const paragraphs: Paragraph[] = [];
  let currentTop: Section | null = null;
  let current: Section | null = null;
  let open: { lines: BodyLine[]; bullet: boolean } | null = null;
  let bullets = 0;
  const ordinals = new Map<string | null, number>();

  const flush = (): void => {
    if (!open || open.lines.length === 0) {
      open = null;
      return;
    }
    paragraphs.push(buildParagraph(open.lines, open.bullet, current, paragraphs.length + 1, ordinals));
    open = null;
  };

  for (let k = 0; k < body.length; k++) {
    const line = body[k];
    if (!line) continue;
    const prev = body[k - 1];
    const next = body[k + 1];
    if (BULLET_ONLY.test(line.text)) {
      flush();
      bullets++;
      continue;
    }
    const shape = line.markers.length === 0 ? headingShape(line.text, headingMax) : null;
    const afterBreak = !prev || ENDS_CLAUSE.test(prev.text) || isHeadingLine(prev, sections) || BULLET_ONLY.test(prev.text);
    const beforeOpening = !next || OPENS_SENTENCE.test(next.text);
    if (shape && afterBreak && beforeOpening && bullets === 0) {
      flush();
      const level = shape === 1 || !currentTop ? 1 : 2;
      const parent = level === 2 && currentTop ? currentTop : null;
      const path = parent ? [...parent.path, line.text] : [line.text];
      const section: Section = {
        id: uniqueId(slug(path.join('/')), sections),
        heading: line.text,
        level,
        parent: parent ? parent.heading : null,
        path,
        page: line.page,
        line: line.no,
      };
      sections.push(section);
      if (level === 1) currentTop = section;
      current = section;
      continue;
    }
    if (open) {
      const last = open.lines[open.lines.length - 1];
      if (last && endsParagraph(last, line, bodyThreshold)) flush();
    }
    if (!open) {
      open = { lines: [], bullet: bullets > 0 };
      if (bullets > 0) bullets--;
    }
    open.lines.push(line);
  }
  flush();

  if (sections.length === 0) throw new ParseError('no section headings found: this does not look like a report statement');
  if (paragraphs.length === 0) throw new ParseError('no paragraphs found, only headings: this does not look like a report statement');

  // Footnotes, linked to their markers.
  const markerAt = new Map<number, { paragraph: Paragraph; marker: Marker }>();
  for (const p of paragraphs) for (const m of p.markers) markerAt.set(m.n, { paragraph: p, marker: m });
  const footnotes: Footnote[] = [];
  const numbers = [...new Set([...footnoteTexts.keys(), ...markerAt.keys()])].sort((a, b) => a - b);
  for (const n of numbers) {
    const text = footnoteTexts.get(n);
    const at = markerAt.get(n);
    if (!text) {
      warnings.push(`footnote ${n}: marker found${at ? ` in ${at.paragraph.id}` : ''} but no footnote text`);
      continue;
    }
    if (!at) warnings.push(`footnote ${n}: text found on page ${text.page} but no marker in the body`);
    footnotes.push({
      n,
      text: text.text,
      page: text.page,
      paragraph: at ? at.paragraph.id : null,
      marker: at ? { paragraph: at.paragraph.id, sentence: at.marker.sentence, offset: at.marker.offset } : null,
      lines: text.lines,
    });
  }

  return {
    title: titleLines.length > 0 ? titleLines.join(' — ') : (sections[0]?.heading ?? 'Untitled report'),
    titleLines,
    sections,
    paragraphs,
    footnotes,
    pages: body.length > 0 ? lastPage : 0,
    warnings,
    source: { sha256: createHash('sha256').update(raw).digest('hex'), lines: lines.length, chars: raw.length },
    parserVersion: PARSER_VERSION,
  };
}

function isHeadingLine(line: BodyLine, sections: readonly Section[]): boolean {
  const last = sections[sections.length - 1];
  return last !== undefined && last.line === line.no;
}

/**
 * Whether `next` starts a new paragraph after `last`: `last` ends a clause,
 * `next` opens a sentence, and either a blank line stands between them or the
 * first word of `next` would have fit on `last`.
 */
function endsParagraph(last: BodyLine, next: BodyLine, threshold: number): boolean {
  if (!ENDS_CLAUSE.test(last.text) || !OPENS_SENTENCE.test(next.text)) return false;
  if (next.blankBefore) return true;
  return last.width + 1 + nextWordLength(next.text) < threshold;
}

/**
 * The line length at which this text wraps, seen from lines that end
 * mid-sentence: their length plus the next line's first word overflows the
 * measure. A low percentile of that overflow is the measure, give or take the
 * justification's slack.
 */
function wrapThreshold(lines: readonly { text: string; width: number }[], ends: RegExp): number {
  const overflow: number[] = [];
  for (let k = 0; k + 1 < lines.length; k++) {
    const a = lines[k];
    const b = lines[k + 1];
    if (!a || !b || ends.test(a.text) || a.width < 20) continue;
    overflow.push(a.width + 1 + firstWordLength(b.text));
  }
  if (overflow.length === 0) return 80;
  return percentile(overflow, 0.05);
}

function splitBlock(
  block: FootnoteBlock,
  threshold: number,
  out: Map<number, { text: string; page: number; lines: { start: number; end: number } }>,
  warnings: string[],
): void {
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
      const firstLine = part[0];
      const lastLine = part[part.length - 1];
      if (!firstLine || !lastLine) continue;
      out.set(seg.start + k, {
        text: joinLines(part.map((l) => l.text)),
        page: block.page,
        lines: { start: firstLine.no, end: lastLine.no },
      });
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
    if (a.length + 1 + nextWordLength(b) < threshold) score += 1;
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

function buildParagraph(
  lines: readonly BodyLine[],
  bullet: boolean,
  section: Section | null,
  index: number,
  ordinals: Map<string | null, number>,
): Paragraph {
  let text = bullet ? '• ' : '';
  const markers: { n: number; offset: number }[] = [];
  for (const [k, line] of lines.entries()) {
    if (k > 0) {
      const hyphenated = /\p{L}-$/u.test(text) && /^\p{Ll}/u.test(line.text);
      if (!hyphenated) text += ' ';
    }
    const base = text.length;
    for (const m of line.markers) markers.push({ n: m.n, offset: base + m.col });
    text += line.text;
  }
  const sentences = splitSentences(text);
  const placed: Marker[] = markers.map((m) => ({ n: m.n, offset: m.offset, sentence: sentenceOf(sentences, m.offset) }));
  const key = section ? section.id : null;
  const ordinal = (ordinals.get(key) ?? 0) + 1;
  ordinals.set(key, ordinal);
  const first = lines[0];
  const last = lines[lines.length - 1];
  return {
    id: `p${index}`,
    index,
    section: section ? section.heading : null,
    sectionPath: section ? section.path : [],
    sectionId: section ? section.id : null,
    ordinal,
    page: first?.page ?? 1,
    pages: [...new Set(lines.map((l) => l.page))],
    lines: { start: first?.no ?? 1, end: last?.no ?? 1 },
    text,
    sentences,
    footnotes: placed.map((m) => m.n),
    markers: placed,
  };
}

/** Index of the sentence a marker at `offset` belongs to: the one it closes, or the one it stands in. */
function sentenceOf(sentences: readonly { start: number; end: number }[], offset: number): number {
  let best = 0;
  for (const [k, s] of sentences.entries()) {
    if (s.start < offset) best = k;
    if (offset > s.start && offset <= s.end) return k;
  }
  return best;
}

/** Length of a line's first word, for wrap tests. */
function nextWordLength(text: string): number {
  return firstWordLength(text);
}

function joinLines(texts: readonly string[]): string {
  let out = '';
  for (const [k, t] of texts.entries()) {
    if (k > 0 && !(/\p{L}-$/u.test(out) && /^\p{Ll}/u.test(t))) out += ' ';
    out += t;
  }
  return out;
}

function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function range(a: number, b: number): string {
  return a === b ? String(a) : `${a}–${b}`;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/&/gu, 'and')
    .replace(/[^\p{L}\p{N}/]+/gu, '-')
    .replace(/^-+|-+$/gu, '')
    .replace(/-*\/-*/gu, '/');
}

function uniqueId(base: string, sections: readonly Section[]): string {
  let id = base || 'section';
  for (let n = 2; sections.some((s) => s.id === id); n++) id = `${base}-${n}`;
  return id;
}
