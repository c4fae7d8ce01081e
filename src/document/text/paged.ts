/**
 * Text with form feeds between pages (pdftotext in its default, -layout and
 * -raw modes, with or without running headers) → LineModel.
 *
 * 1. Pages are split at form feeds. In -layout text every line is trimmed
 *    (its indentation and runs of spaces carry nothing the reader needs).
 * 2. Furniture: a line among the first or last few of a page whose shape
 *    (digits as #, spaces dropped) recurs in the same place on at least
 *    half of the pages is a running header, footer or page number; it is
 *    dropped. A page that lacks the furniture the other pages show is warned
 *    about, since its edge lines had to be read as text.
 * 3. Footnotes: the page's footnote block starts at the first line "N text"
 *    (or "NText", as -raw prints it) whose N is the next footnote number or
 *    a little past it, and from which the numbered lines N, N+1, … go on,
 *    one of them marked in the body above. Each such line opens a footnote;
 *    other lines continue it. Lines just above a
 *    page's block (or at its bottom) that are as wide as footnote lines and
 *    wider than body lines, after a page whose last footnote is unfinished,
 *    are that footnote continued; so is a lone last line the body cannot
 *    hold, and the part of the body's last line pdftotext joined to a broken
 *    word. A footnote left mid-clause with no continuation is a warning.
 * 4. Markers: a number glued to a word is a marker when a footnote of that
 *    number exists (anywhere in the document) and it is not yet taken, or
 *    when it continues the numbering.
 */
import { createHash } from 'node:crypto';
import { ENDS_CLAUSE, ENDS_SENTENCE, LONE_NUMBER, OPENS_SENTENCE, isGluedAt, textWidth, type FoundMarker } from '../lines.js';

/** Lines are measured in ems of a generic face: extracted text has lost its glyph widths (see textWidth). */
const UNIT = (process.env.VERBATIM_WIDTH_UNIT === 'chars' ? 'chars' : 'ems') as 'chars' | 'ems';
import type { BodyLine, FootnotePiece, LineModel } from '../model.js';
import { isKnownWord, percentile, wordCounts } from '../assemble.js';
import { englishWords } from '../../text/spell.js';
import { rejoinAtMarkers } from './rejoin.js';
import { chooseCuts, footnoteThreshold } from './source.js';

interface RawLine {
  no: number;
  text: string;
  /** Leading spaces in -layout text (0 otherwise). */
  indent: number;
}

interface Page {
  lines: RawLine[];
  /** A blank line stood before lines[i]. */
  blank: Set<number>;
}

/**
 * How many footnote numbers a page's block may skip (footnotes whose markers
 * and texts were both lost): the block must still show one of its numbers as
 * a marker in the body above it.
 */
const MAX_SKIP = 20;

/** "12 The law …", "12The law …" (pdftotext -raw), "12. The law …". */
const FOOTNOTE_START = /^(\d{1,3})(?:[.)]?\s+|(?=[\p{Lu}“"‘(\[]|https?:|www\.))(\S.*)$/u;

export function readPaged(raw: string, lines: readonly string[], form = 'pdftotext'): LineModel {
  const warnings: string[] = [];
  const layout = isLayoutMode(lines);
  const pages = splitPages(lines, layout);
  dropFurniture(pages, warnings);

  const titleLines = readTitle(pages[0]);
  splitGluedLabels(pages);

  // First pass: footnote blocks opened by numbered lines only, to learn the widths of body and footnote lines.
  const words = countWords(pages);
  const first = readBlocks(pages, null, words);
  // pdftotext now and then prints two lines as one (a line that holds a raised marker and the next): such pairs,
  // about twice the measure, are not the measure of the body or of the footnotes (they would hide how much wider
  // footnote lines run, or let body pairs pass for footnote lines).
  const bodyWidths = singleLineWidths(first.body.map((l) => l.text));
  const fnWidths = singleLineWidths(first.footnotes.flatMap((f) => f.lines.map((l) => l.text)));
  const bodyWide = percentile(bodyWidths, 0.9);
  const fnWide = percentile(fnWidths, 0.95);
  const wide = fnWidths.length >= 5 && bodyWidths.length >= 5 && fnWide > bodyWide * 1.05 ? { min: bodyWide * 1.03, max: fnWide * 1.1 } : null;
  const { body, footnotes, cutShort } = wide ? readBlocks(pages, wide, words) : first;
  // A footnote that stops mid-clause at a page's foot, with nothing on the next page read as its rest, has lost
  // its end, most likely to the body: never silently.
  for (const { n, page } of cutShort) {
    warnings.push(`footnote ${n} stops mid-sentence at the foot of page ${page} and no continuation was found on page ${page + 1}: its end is missing or was read as body text`);
  }

  // Markers, matched by number across the whole document.
  const known = new Set(footnotes.map((f) => f.n));
  const used = new Set<number>();
  let next = 1;
  const bodyLines: BodyLine[] = body.map((l) => {
    const found = findKnownMarkers(l.text, known, used, next);
    for (const m of found.markers) {
      used.add(m.n);
      next = Math.max(next, m.n + 1);
    }
    const text = found.text.trim();
    return { no: l.no, page: l.page, text, width: measure(text), markers: found.markers, blankBefore: l.blankBefore, pageStart: l.pageStart };
  });
  // -layout text keeps first-line indents: where the text has them (a tenth of its paragraph starts or more, not
  // every line), an indented line after a line that ends a clause opens a paragraph. Where nearly every clear
  // paragraph start (after a short line that ends a clause) is indented, the indents are the text's paragraph
  // marks, and a line that is not indented opens none (a page's first line and a line after a blank excepted).
  const indented = body.filter((l) => l.indented).length;
  if (layout && indented >= 3 && indented < 0.3 * body.length) {
    const median = percentile(bodyLines.map((l) => l.width), 0.5);
    let clear = 0;
    let clearIndented = 0;
    for (const [k, l] of bodyLines.entries()) {
      const prev = bodyLines[k - 1];
      if (prev === undefined || !ENDS_CLAUSE.test(prev.text) || !OPENS_SENTENCE.test(l.text) || prev.width >= 0.8 * median || l.pageStart || l.blankBefore) continue;
      clear++;
      if (body[k]?.indented) clearIndented++;
    }
    const marks = clear >= 5 && clearIndented >= 0.8 * clear;
    for (const [k, l] of bodyLines.entries()) {
      const prev = bodyLines[k - 1];
      if (!prev || !ENDS_CLAUSE.test(prev.text) || !OPENS_SENTENCE.test(l.text)) continue;
      if (body[k]?.indented) l.breakBefore = true;
      else if (marks && !l.pageStart && !l.blankBefore) l.breakBefore = false;
    }
  }

  return {
    form: layout ? `${form} -layout` : form,
    titleLines,
    body: rejoinAtMarkers(bodyLines, measure),
    footnotes,
    pages: pages.length,
    widthUnit: UNIT,
    warnings,
    source: { sha256: createHash('sha256').update(raw).digest('hex'), lines: lines.length, chars: raw.length },
  };
}

const measure = (text: string): number => (UNIT === 'ems' ? textWidth(text) : text.length);

/** -layout text: many lines are indented or hold runs of spaces between words. */
function isLayoutMode(lines: readonly string[]): boolean {
  let text = 0;
  let spaced = 0;
  for (const l of lines) {
    if (l.trim().length === 0) continue;
    text++;
    if (/^ {2,}\S/u.test(l) || /\S {3,}\S/u.test(l)) spaced++;
  }
  return text > 0 && spaced / text > 0.1;
}

function splitPages(lines: readonly string[], layout: boolean): Page[] {
  const pages: Page[] = [{ lines: [], blank: new Set() }];
  let blank = false;
  for (const [i, line] of lines.entries()) {
    const parts = line.split('\f');
    for (const [k, part] of parts.entries()) {
      if (k > 0) {
        pages.push({ lines: [], blank: new Set() });
        blank = false;
      }
      const page = pages[pages.length - 1] as Page;
      const t = layout ? part.trim().replace(/ {2,}/gu, ' ') : part.trim();
      if (t.length === 0) {
        blank = true;
        continue;
      }
      if (blank && page.lines.length > 0) page.blank.add(page.lines.length);
      blank = false;
      page.lines.push({ no: i + 1, text: t, indent: layout ? part.length - part.trimStart().length : 0 });
    }
  }
  while (pages.length > 1 && (pages[pages.length - 1]?.lines.length ?? 0) === 0) pages.pop();
  return pages;
}

// Spaces go too: pdftotext spaces a footer by the width of its number ("–9–" but "– 10 –").
const shape = (t: string): string => t.replace(/\s+/gu, '').replace(/\p{N}+/gu, '#');
const TOP = 4;
const BOTTOM = 3;

/** Drops running headers, footers and page numbers: edge lines whose shape recurs on at least half of the pages. */
function dropFurniture(pages: Page[], warnings: string[]): void {
  if (pages.length < 3) {
    // Too few pages to learn furniture from: only a lone number at a page's very bottom is taken as its number.
    for (const p of pages) {
      const last = p.lines[p.lines.length - 1];
      if (last && LONE_NUMBER.test(last.text)) p.lines.pop();
    }
    return;
  }
  const count = (zone: 'top' | 'bottom'): Map<string, number> => {
    const m = new Map<string, number>();
    for (const p of pages) {
      const edge = zone === 'top' ? p.lines.slice(0, TOP) : p.lines.slice(-BOTTOM);
      for (const s of new Set(edge.map((l) => shape(l.text)))) m.set(s, (m.get(s) ?? 0) + 1);
    }
    return m;
  };
  const need = Math.max(2, Math.ceil(0.5 * (pages.length - 1)));
  const furniture = (m: Map<string, number>): Set<string> => new Set([...m].filter(([, n]) => n >= need).map(([s]) => s));
  const top = furniture(count('top'));
  const bottom = furniture(count('bottom'));
  const hadTop: number[] = [];
  const hadBottom: number[] = [];
  for (const [k, p] of pages.entries()) {
    let t = 0;
    while (t < Math.min(TOP, p.lines.length) && top.has(shape(p.lines[t]?.text ?? ''))) t++;
    let b = 0;
    while (b < Math.min(BOTTOM, p.lines.length - t) && bottom.has(shape(p.lines[p.lines.length - 1 - b]?.text ?? ''))) b++;
    if (t > 0) hadTop.push(k);
    if (b > 0) hadBottom.push(k);
    p.lines = p.lines.slice(t, p.lines.length - b);
    p.blank = new Set([...p.blank].map((i) => i - t).filter((i) => i > 0 && i < p.lines.length));
  }
  // Pages without the furniture most pages have (the first page often has a title instead of a header). Where
  // fewer pages than that show it at their very edge (a shape that recurs among the edge lines, such as a lone
  // footnote number, but ends few pages), there is no furniture to miss.
  const missing = (had: number[], what: string): void => {
    if (had.length < need) return;
    for (let k = 1; k < pages.length; k++) {
      if (!had.includes(k) && (pages[k]?.lines.length ?? 0) > 0) {
        warnings.push(`page ${k + 1}: no ${what} found where ${had.length} other pages have one; its ${what === 'running header' ? 'top' : 'bottom'} lines were read as text`);
      }
    }
  };
  missing(hadTop, 'running header');
  missing(hadBottom, 'page number or footer');
}

/** The title block: page 1's leading lines before the first line of running text. */
function readTitle(page: Page | undefined): string[] {
  if (!page) return [];
  const widths = wrappedWidths(page.lines.map((l) => l.text));
  const width = percentile(widths, 0.5) || 80;
  const title: string[] = [];
  let k = 0;
  for (; k < page.lines.length && k < 10; k++) {
    const t = page.lines[k]?.text ?? '';
    const next = page.lines[k + 1]?.text ?? '';
    if (t.length >= 0.95 * width || /^\p{Ll}/u.test(next)) break;
    title.push(t);
  }
  if (k >= 10 || k >= page.lines.length) return [];
  page.lines = page.lines.slice(k);
  page.blank = new Set([...page.blank].map((i) => i - k).filter((i) => i > 0));
  return title;
}

interface PlainBodyLine {
  no: number;
  page: number;
  text: string;
  blankBefore: boolean;
  pageStart: boolean;
  /** -layout text: the line is indented past the page's left margin (a first-line indent, in a style that has them). */
  indented: boolean;
}

/** Body lines and footnotes of every page; `wide` (when known) lets unnumbered wide lines continue a footnote. */
function readBlocks(
  pages: readonly Page[],
  wide: { min: number; max: number } | null,
  words: WordCounts,
): { body: PlainBodyLine[]; footnotes: FootnotePiece[]; /** Footnotes left mid-sentence at a page's foot whose continuation was not found: `n`, on page `page` (1-based). */ cutShort: { n: number; page: number }[] } {
  const body: PlainBodyLine[] = [];
  const footnotes: FootnotePiece[] = [];
  const cutShort: { n: number; page: number }[] = [];
  let expected = 1;
  let seen = '';
  const isWide = (l: RawLine | undefined): boolean => l !== undefined && wide !== null && measure(l.text) >= wide.min && measure(l.text) <= wide.max;
  for (const [k, page] of pages.entries()) {
    const lines = page.lines;
    // The page's left margin: the indent most of its lines have.
    const indents = new Map<number, number>();
    for (const l of lines) indents.set(l.indent, (indents.get(l.indent) ?? 0) + 1);
    const margin = [...indents].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
    // Where the page's block starts.
    let start = lines.length;
    let pageSeen = seen;
    for (let j = 0; j < lines.length; j++) {
      const line = lines[j] as RawLine;
      const m = opening(lines, j);
      const n = m ? m.n : 0;
      if (m && n >= expected && n <= expected + MAX_SKIP) {
        // The numbered lines from here on, N, N+1, …: a block when one of them is marked in the body above.
        const chain = [n];
        for (let i = j + 1; i < lines.length; i++) {
          const next = opening(lines, i);
          if (next && next.n === (chain[chain.length - 1] ?? 0) + 1) chain.push(next.n);
        }
        if (chain.some((c) => gluedIn(pageSeen, c))) {
          start = j;
          expected = n;
          break;
        }
      }
      pageSeen += `\n${line.text}`;
    }
    // A footnote of the previous page continued above the block.
    let cont = start;
    const last = footnotes[footnotes.length - 1];
    const unfinished = last !== undefined && last.page === k && !ENDS_SENTENCE.test(last.lines[last.lines.length - 1]?.text ?? '');
    // One wide line after a footnote left mid-sentence; two or more after one that ended a sentence on the page
    // before (and goes on with the next).
    if (last !== undefined && last.page === k && wide) {
      let s = start - 1;
      const shortLast = !isWide(lines[s]);
      if (shortLast) s--;
      if (isWide(lines[s])) {
        while (s > 0 && isWide(lines[s - 1])) s--;
        // A footnote left mid-sentence does not go on with a sentence's opening word ("The", "However"): a wide
        // line that opens so, after a line that ends a sentence, is the body's (a line TeX could not break).
        while (unfinished && s < start && OPENS_WITH_FUNCTION_WORD.test((lines[s] as RawLine).text) && ENDS_SENTENCE.test(lines[s - 1]?.text ?? '')) s++;
        if (unfinished || start - s - (shortLast ? 1 : 0) >= 2) cont = s;
      }
    }
    // The continuation's last line alone: short, so not told by its width. It is the line above the block when
    // that line ends a sentence and the body cannot hold it: either the body runs on mid-sentence past it, from
    // the line above it (which ends no clause) to the next page (which opens on a lower-case word), so it cannot
    // end a sentence in between; or the line opens in lower case after one that ends a sentence, and the body
    // does not open a sentence so.
    if (unfinished && cont === start && start >= 2) {
      const line = lines[start - 1] as RawLine;
      const above = lines[start - 2] as RawLine;
      const nextPage = pages[k + 1]?.lines[0]?.text ?? '';
      const usual = percentile(lines.slice(0, start).map((l) => l.text.length), 0.5);
      const bodyRunsOn = !ENDS_CLAUSE.test(above.text) && /^\p{Ll}/u.test(nextPage);
      const opensNoSentence = ENDS_SENTENCE.test(above.text);
      const lower = /^\p{Ll}/u.test(line.text);
      if (line.text.length < 1.1 * usual && ENDS_SENTENCE.test(line.text) && (bodyRunsOn || (opensNoSentence && lower))) cont = start - 1;
    }
    // Or pdftotext printed it inside the body's last line, joined to the line's broken last word.
    const glued = unfinished && cont === start && start >= 1 ? splitGluedContinuation((lines[start - 1] as RawLine).text, pages[k + 1]?.lines[0]?.text ?? '', words) : null;
    // A footnote left ending on a word no sentence ends on ("and", "of the", a comma) has lost its rest.
    const lastText = last?.lines[last.lines.length - 1]?.text ?? '';
    if (unfinished && last && cont === start && !glued && CUT_SHORT.test(lastText)) cutShort.push({ n: last.n, page: k });
    for (let j = 0; j < cont; j++) {
      const line = lines[j] as RawLine;
      if (LONE_NUMBER.test(line.text)) continue;
      const text = glued && j === start - 1 ? glued.body : line.text;
      body.push({ no: line.no, page: k + 1, text, blankBefore: page.blank.has(j), pageStart: j === 0, indented: line.indent >= margin + 2 });
      seen += `\n${line.text}`;
    }
    if (cont < start && last) for (let j = cont; j < start; j++) last.lines.push({ text: (lines[j] as RawLine).text, no: (lines[j] as RawLine).no });
    if (glued && last) last.lines.push({ text: glued.rest, no: (lines[start - 1] as RawLine).no });
    let current: FootnotePiece | null = null;
    /** Footnotes whose labels the page skipped, each held in the open footnote before them (see below). */
    const misplaced = new Set<number>();
    for (let j = start; j < lines.length; j++) {
      const line = lines[j] as RawLine;
      const m = opening(lines, j);
      const skipped = m && current && m.n > expected && m.n <= expected + MAX_MISPLACED ? range1(expected, m.n) : [];
      const later = (x: number): boolean => lines.some((_, i) => i > j && opening(lines, i)?.n === x);
      if (m && current && skipped.length > 0 && skipped.every((x) => gluedIn(seen, x) && !later(x))) {
        // pdftotext now and then prints a footnote's raised number out of order, after the block ("21" text-21
        // text-22 "23" … "22"): the skipped footnotes' texts are in the open one. It is split at the line ends
        // that look most like footnote ends, and the stray number, where it comes, is dropped. (Where a skipped
        // number opens a footnote further down, this line is the open footnote's text that happens to start
        // with a number, "23 December …", and stays text.)
        const held = current;
        const parts = splitFootnote(held, m.n - held.n);
        footnotes.splice(footnotes.indexOf(held), 1, ...parts);
        for (let x = expected; x < m.n; x++) misplaced.add(x);
        expected = m.n;
      }
      if (m && m.n === expected) {
        current = { n: expected, page: k + 1, lines: [{ text: m.text, no: line.no }] };
        footnotes.push(current);
        expected++;
        if (m.lines === 2) j++;
        continue;
      }
      const lone = LONE_NUMBER.exec(line.text);
      if (lone && misplaced.has(Number(lone[1]))) continue;
      current?.lines.push({ text: line.text, no: line.no });
    }
  }
  return { body, footnotes, cutShort };
}

/** A line that opens with a capitalised article, pronoun or connective: a sentence's first word, no name's. */
const OPENS_WITH_FUNCTION_WORD = /^(?:The|A|An|This|These|That|Those|It|Its|They|Their|There|He|She|We|In|On|At|For|However|Moreover|Furthermore|Nevertheless|Also|Thus)\s/u;

/** Text that stops where no sentence can: on a comma, a dash, an article, a preposition or a conjunction. */
const CUT_SHORT = /(?:[,–—-]|\b(?:a|an|the|of|to|in|on|at|by|for|from|with|via|into|including|and|or|but|nor|as|than|that|which|who|whose|whether|if))\s*$/iu;

/** How often each word (lower case) occurs in the text. */
type WordCounts = ReadonlyMap<string, number>;

function countWords(pages: readonly Page[]): WordCounts {
  return wordCounts(pages.flatMap((p) => p.lines.map((l) => l.text)), /\p{L}+/gu);
}

/**
 * A footnote's continuation that pdftotext printed inside the body's last
 * line above the page's block, joined to that line's last body word, broken
 * by a hyphen at the line end ("…advertising. Polit" + "communications
 * operator due to technical problems."; the next page opens on "ical
 * parties…"). Told by three things at once: the next page opens on a
 * lower-case fragment that is no word (the text has it there only, the word
 * list not at all); the line holds a token that is no word either; and that
 * token's head with the fragment makes a word the text uses elsewhere or the
 * list has ("Political"). The line is cut there: the body keeps the head
 * with the hyphen back (the hyphen rule joins it to the next page), the
 * rest, which ends a sentence, is the footnote's.
 */
function splitGluedContinuation(text: string, nextPageFirst: string, words: WordCounts): { body: string; rest: string } | null {
  const fragment = /^(\p{Ll}+)(?![\p{L}-])/u.exec(nextPageFirst)?.[1];
  const known = (w: string): boolean => isKnownWord(w, words);
  if (!fragment || known(fragment)) return null;
  const tokens = [...text.matchAll(/\p{L}+/gu)];
  for (let t = tokens.length - 1; t >= 0; t--) {
    const token = tokens[t];
    if (!token || token.index === undefined) continue;
    const word = token[0];
    if (known(word.toLowerCase())) continue;
    for (let i = word.length - 2; i >= 2; i--) {
      const head = word.slice(0, i);
      const rest = text.slice(token.index + i);
      if (!/^\p{Ll}/u.test(rest) || !ENDS_SENTENCE.test(rest.trim())) continue;
      const whole = `${head}${fragment}`.toLowerCase();
      if ((words.get(whole) ?? 0) >= 1 || englishWords().has(whole)) return { body: `${text.slice(0, token.index + i)}-`, rest };
    }
  }
  return null;
}

/** How many footnote numbers in a row a page may print out of order. */
const MAX_MISPLACED = 3;

function range1(a: number, b: number): number[] {
  return Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
}

/** One footnote's lines as `count` footnotes (numbered on from its own), cut where footnotes most look like ending. */
function splitFootnote(piece: FootnotePiece, count: number): FootnotePiece[] {
  const texts = piece.lines.map((l) => l.text);
  if (count <= 1 || texts.length < count) return [piece];
  const { cuts } = chooseCuts(texts, count - 1, footnoteThreshold(texts));
  const bounds = [0, ...cuts, texts.length];
  const out: FootnotePiece[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) out.push({ n: piece.n + i, page: piece.page, lines: piece.lines.slice(bounds[i], bounds[i + 1]) });
  return out;
}

/**
 * pdftotext joins a word broken by a hyphen at a line end to the next line's
 * first word, dropping the hyphen; on a page whose last body line ends so,
 * that next "word" is the first footnote's raised number: "…which can-" over
 * "³ The registration of Alga…" comes out as "…which can3" and "The
 * registration…", or, where the footnote's text shares its label's line,
 * "…by the author30 As of 22 December…". Where a number glued to a letter
 * ends the line or comes before a capital, that number is already marked in
 * the body above it on the page, and no line of the page opens that
 * footnote, the number is the footnote's label: it and what follows it go on
 * a line of their own (opening the footnote), and the line gets its hyphen
 * back, for the joiner to mend the word with its end on the next page.
 */
function splitGluedLabels(pages: readonly Page[]): void {
  for (const page of pages) {
    const lines = page.lines;
    for (let j = 0; j + 1 < lines.length; j++) {
      const line = lines[j] as RawLine;
      // The label ends the line, its footnote's text on the next ("…which can3"), or the text follows on the same
      // line, as default mode prints a footnote's first line ("…by the author30 As of 22 December, …").
      for (const m of line.text.matchAll(/(?<=\p{L})(\d{1,3})(?= \p{Lu}|$)/gu)) {
        const n = Number(m[1]);
        const head = line.text.slice(0, m.index);
        const rest = line.text.slice(m.index + (m[1] ?? '').length).trim();
        const above = [...lines.slice(0, j).map((l) => l.text), head].join('\n');
        if (!gluedIn(above, n) || lines.some((_, i) => opening(lines, i)?.n === n)) continue;
        if (rest.length === 0 && opening(lines, j + 1) !== null) continue;
        lines.splice(j, 1, { ...line, text: `${head}-` }, { no: line.no, text: rest.length > 0 ? `${n} ${rest}` : String(n), indent: line.indent });
        page.blank = new Set([...page.blank].map((i) => (i > j ? i + 1 : i)));
        j++;
        break;
      }
    }
  }
}

/** A line that opens a footnote: "N text" on one line, or N alone on its line with the text on the next. */
function opening(lines: readonly RawLine[], j: number): { n: number; text: string; lines: 1 | 2 } | null {
  const line = lines[j];
  if (!line) return null;
  const m = FOOTNOTE_START.exec(line.text);
  if (m) return { n: Number(m[1]), text: m[2] ?? '', lines: 1 };
  const lone = LONE_NUMBER.exec(line.text);
  const next = lines[j + 1];
  if (lone && next && !LONE_NUMBER.test(next.text)) return { n: Number(lone[1]), text: next.text, lines: 2 };
  return null;
}

/** Whether the number `n` stands glued to a word in `text`, as a footnote marker does. */
function gluedIn(text: string, n: number): boolean {
  for (const line of text.split('\n')) {
    for (const m of line.matchAll(/\d{1,3}(?![\p{L}\p{N}])/gu)) {
      if (Number(m[0]) === n && isGluedAt(line, m.index)) return true;
    }
  }
  return false;
}

/** Markers of one body line: glued numbers that name a footnote not yet taken, or continue the numbering. */
function findKnownMarkers(line: string, known: ReadonlySet<number>, used: ReadonlySet<number>, next: number): { text: string; markers: FoundMarker[] } {
  const markers: FoundMarker[] = [];
  let text = '';
  let last = 0;
  let expected = next;
  for (const m of line.matchAll(/\d{1,3}(?![\p{L}\p{N}])/gu)) {
    const value = Number(m[0]);
    const fresh = !used.has(value) && !markers.some((x) => x.n === value);
    const fits = fresh && (known.has(value) || (value >= expected && value <= expected + 2));
    if (!fits || !isGluedAt(line, m.index)) continue;
    text += line.slice(last, m.index);
    markers.push({ n: value, col: text.length });
    last = m.index + m[0].length;
    expected = Math.max(expected, value + 1);
  }
  text += line.slice(last);
  return { text, markers };
}

/** Widths in the reader's unit of full lines (see wrappedWidths), without those over 1.5 times the median: two lines printed as one. */
function singleLineWidths(texts: readonly string[]): number[] {
  const widths = wrappedWidths(texts, measure);
  const median = percentile(widths, 0.5);
  return widths.filter((w) => w <= 1.5 * median);
}

/** Widths (by `width`; default: in characters) of lines that wrap onto a lower-case line: full lines of their measure. */
function wrappedWidths(texts: readonly string[], width: (text: string) => number = (t) => t.length): number[] {
  const out: number[] = [];
  for (let k = 0; k + 1 < texts.length; k++) {
    const a = texts[k] ?? '';
    if (a.length >= 20 && /^\p{Ll}/u.test(texts[k + 1] ?? '')) out.push(width(a));
  }
  return out;
}
