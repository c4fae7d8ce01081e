/**
 * LineModel → Document: the one assembler every input form goes through.
 *
 * Body lines become paragraphs (a paragraph ends where the input's geometry
 * says so, or, without geometry, where a line ends a clause and the next
 * line's first word would have fit on it); headings come from the input's
 * fonts where it has them, else from their shape and context; sentences are
 * split and footnote markers placed in them; footnotes are linked to their
 * markers by number across the whole document. Every marker without a
 * footnote and every footnote without a marker is a warning.
 */
import { englishWords } from '../text/spell.js';
import { BULLET_ONLY, ENDS_CLAUSE, OPENS_SENTENCE, firstWord, firstWordLength, headingShape, textWidth } from './lines.js';
import type { BodyLine, FootnoteLine, LineModel } from './model.js';
import { ParseError } from './errors.js';
import type { Document, Footnote, Marker, Paragraph, Section } from './schema.js';
import { fullLines, learnMeasure, type LearntMeasure } from './measure.js';
import { splitSentences } from './sentences.js';

export function assemble(input: LineModel, parserVersion: string): Document {
  const model = restoreHyphens(input);
  const warnings = [...model.warnings];
  const { body } = model;
  const join = hyphenJoiner([...body.map((l) => l.text), ...model.footnotes.flatMap((f) => f.lines.map((l) => l.text))]);

  // The body measure: lengths of lines that wrap mid-sentence onto a lower-case line.
  const wrapped: number[] = [];
  for (let k = 0; k + 1 < body.length; k++) {
    const a = body[k];
    const b = body[k + 1];
    if (a && b && a.width >= 20 && /^\p{Ll}/u.test(b.text)) wrapped.push(a.width);
  }
  const ems = model.widthUnit === 'ems';
  const wordWidth = (text: string): number => (ems ? textWidth(firstWord(text)) : firstWordLength(text));
  const space = ems ? textWidth(' ') : 1;
  const bodyThreshold = wrapThreshold(body, wordWidth, space);
  // The learnt glyph widths, fitted when a paragraph test first needs them: never for a PDF, whose geometry
  // decides every break.
  let learnt: LearntMeasure | null | undefined;
  const learntMeasure = (): LearntMeasure | null => (learnt === undefined ? (learnt = learnMeasure(fullLines(body))) : learnt);
  // Headings are measured in characters, whatever the unit of the wrap test.
  const charWidths: number[] = [];
  for (let k = 0; k + 1 < body.length; k++) {
    const a = body[k];
    const b = body[k + 1];
    if (a && b && a.text.length >= 20 && /^\p{Ll}/u.test(b.text)) charWidths.push(a.text.length);
  }
  const width = ems ? percentile(charWidths, 0.5) || 80 : percentile(wrapped, 0.5) || 80;
  const headingMax = Math.max(40, Math.round(0.75 * width));
  // Words the body writes in capitals inside its lines (not as a line's first word): acronyms, "OSCE/ODIHR".
  // One such word alone on a line is a line broken after it, not a heading; a heading of one capitalised
  // word ("BACKGROUND") is not also running text's.
  const runningCaps = new Map<string, number>();
  for (const l of body) {
    for (const w of l.text.split(/\s+/u).slice(1)) if (w.length > 1 && isAllCapsWord(w)) runningCaps.set(w, (runningCaps.get(w) ?? 0) + 1);
  }
  const isAcronymLine = (text: string): boolean => !/\s/u.test(text.trim()) && (runningCaps.get(text.trim()) ?? 0) >= 2;
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
    paragraphs.push(buildParagraph(open.lines, open.bullet, current, paragraphs.length + 1, ordinals, join));
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
    let level: number | null = null;
    if (line.headingLevel !== undefined) {
      level = line.headingLevel > 0 ? line.headingLevel : null;
    } else {
      const shape = line.markers.length === 0 && !isAcronymLine(line.text) ? headingShape(line.text, headingMax) : null;
      const afterBreak = !prev || ENDS_CLAUSE.test(prev.text) || isHeadingLine(prev, sections) || BULLET_ONLY.test(prev.text);
      const beforeOpening = !next || OPENS_SENTENCE.test(next.text);
      if (shape && afterBreak && beforeOpening && bullets === 0) level = shape === 1 || !currentTop ? 1 : 2;
    }
    if (level !== null) {
      flush();
      let parent: Section | null = null;
      for (let s = sections.length - 1; s >= 0 && level > 1; s--) {
        const candidate = sections[s];
        if (candidate && candidate.level < level) {
          parent = candidate;
          break;
        }
      }
      if (!parent) level = 1;
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
      const item = open.bullet || BULLET_LEAD.test(open.lines[0]?.text ?? '');
      if (last && (endsParagraph(last, line, bodyThreshold, wordWidth, space, learntMeasure) || endsListItem(last, line, item))) flush();
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

  // Footnotes, linked to their markers by number.
  const markerAt = new Map<number, { paragraph: Paragraph; marker: Marker }>();
  for (const p of paragraphs) {
    for (const m of p.markers) {
      if (markerAt.has(m.n)) warnings.push(`footnote ${m.n}: a second marker in ${p.id} (the first is in ${markerAt.get(m.n)?.paragraph.id ?? '?'})`);
      else markerAt.set(m.n, { paragraph: p, marker: m });
    }
  }
  const texts = new Map<number, { text: string; page: number; lines: { start: number; end: number } }>();
  for (const f of model.footnotes) {
    const first = f.lines[0];
    const last = f.lines[f.lines.length - 1];
    if (!first || !last) continue;
    if (texts.has(f.n)) {
      warnings.push(`footnote ${f.n}: printed twice (pages ${texts.get(f.n)?.page ?? '?'} and ${f.page}); the first is kept`);
      continue;
    }
    texts.set(f.n, { text: joinLines(f.lines, join), page: f.page, lines: { start: first.no, end: last.no } });
  }
  const footnotes: Footnote[] = [];
  const numbers = [...new Set([...texts.keys(), ...markerAt.keys()])].sort((a, b) => a - b);
  for (const n of numbers) {
    const text = texts.get(n);
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

  const { titleLines } = model;
  return {
    title: titleLines.length > 0 ? titleLines.join(' — ') : (sections[0]?.heading ?? 'Untitled report'),
    titleLines,
    sections,
    paragraphs,
    footnotes,
    pages: body.length > 0 ? model.pages : 0,
    warnings,
    source: model.source,
    parserVersion,
  };
}

/**
 * Joins the text of two lines. A word broken by a hyphen at the line end
 * ("non-" + "voting") loses its hyphen only where the joined word ("nonvoting")
 * occurs elsewhere in the document more often than the hyphenated one; else
 * the hyphen stays ("non-voting"). A report's own vocabulary is the best
 * dictionary for its names and terms; only where the report uses neither
 * form is an English word list asked (an-array-of-english-words, 275,000 words): the hyphen
 * goes when the joined word is in it ("administra-" + "tion"), or when
 * neither piece is a word of the list or the report ("Mik-" + "lós",
 * "nonregis-" + "tration"): a break at a syllable, which a compound's own
 * hyphen never is. Otherwise it stays ("inter-" + "ethnic").
 */
export type Joiner = (left: string, right: string) => string;

export function hyphenJoiner(texts: readonly string[]): Joiner {
  const counts = wordCounts(texts, /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu);
  return (left, right) => {
    if (left.length === 0) return right;
    // A hyphen at a line end before a capital is a compound's own ("Chairperson-in-" / "Office"): kept, no space.
    if (/\p{L}-$/u.test(left) && /^\p{Lu}/u.test(right)) return `${left}${right}`;
    if (!(/\p{L}-$/u.test(left) && /^\p{Ll}/u.test(right))) return `${left} ${right}`;
    const head = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*-$/u.exec(left)?.[0].slice(0, -1).toLowerCase() ?? '';
    const tail = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/u.exec(right)?.[0].toLowerCase() ?? '';
    const joined = counts.get(head + tail) ?? 0;
    const hyphenated = counts.get(`${head}-${tail}`) ?? 0;
    // Neither form in the report: the word list decides. A joined word it has loses the hyphen; so does a break
    // between two pieces neither of which is a word ("nonregis-" + "tration", "Tur-" + "kic"): the typesetter's
    // break at a syllable, not a compound's hyphen, which joins words ("inter-" + "ethnic", "multi-" + "party").
    const syllables = (): boolean => !isKnownWord(head, counts) && !isKnownWord(tail, counts);
    const drop = joined + hyphenated > 0 ? joined > hyphenated : !head.includes('-') && (englishWords().has(head + tail) || syllables());
    return drop ? `${left.slice(0, -1)}${right}` : `${left}${right}`;
  };
}

/** A line this many times the median line length holds two printed lines (see restoreHyphens). */
const MERGED_LINE = 1.2;
/** How far from a whole number of measures in (a share of one) the word pdftotext joined may start or end. */
const BREAK_SLACK = 0.25;

/**
 * Text whose extractor joined the words it found broken at line ends
 * (pdftotext's default mode does, dropping the hyphen: "state-" + "owned"
 * comes out "stateowned"): no line of it but a page's last ends in a hyphen
 * after a letter.
 * There, a joined word gets its hyphen back where the text writes the same
 * word with a hyphen elsewhere, more often, or as often when the joined form
 * is no English word ("stateowned" beside "state-owned", "decisionmaking"
 * beside "decision-making"); a word the text uses joined at least as often,
 * being English ("multiparty"), stays. Only where pdftotext joined a line to
 * the one above (a line well over the measure), and only pdftotext's text:
 * a PDF's glyphs show every hyphen, and text in the source's own style is
 * the reference, kept as written; so is text that still breaks words at line
 * ends.
 */
export function restoreHyphens(model: LineModel): LineModel {
  if (!model.form.startsWith('pdftotext')) return model;
  const texts = [...model.body.map((l) => l.text), ...model.footnotes.flatMap((f) => f.lines.map((l) => l.text))];
  // pdftotext mends only within a page: a page's last line may still end broken.
  if (model.body.some((l, k) => /\p{L}-$/u.test(l.text) && model.body[k + 1]?.pageStart === false)) return model;
  const counts = wordCounts(texts, /[\p{L}]+(?:-[\p{L}]+)*/gu);
  // Joined word (lower case, whole with any hyphens of its own: "outof-country") → where its hyphen goes.
  const split = new Map<string, number>();
  // The same for a compound the text writes once, joined ({@link compoundBreak}); only where it stands in lower case
  // as written: a name is no English word, and its pieces may be ("Budapest").
  const compounds = new Map<string, number>();
  for (const [w, n] of counts) {
    if (w.length < 6) continue;
    for (let i = 2; i <= w.length - 2; i++) {
      if (w[i - 1] === '-' || w[i] === '-') continue;
      const hyphenated = counts.get(`${w.slice(0, i)}-${w.slice(i)}`) ?? 0;
      if (hyphenated > n || (hyphenated > 0 && hyphenated === n && !englishWords().has(w))) split.set(w, i);
    }
    if (!split.has(w) && n === 1) {
      const at = compoundBreak(w);
      if (at !== null) compounds.set(w, at);
    }
  }
  if (split.size === 0 && compounds.size === 0) return model;
  // pdftotext prints the rest of a broken word's line on the line it joined it to: a mended word stands on a line
  // longer than any the page sets (well over the median), where a printed line ended, about a whole number of measures in;
  // never on a line of the measure, nor far from that point, where a joined word is the text's own ("lowerlevel").
  const measureOf = (lengths: readonly number[]): number => percentile(lengths.filter((n) => n >= 20), 0.5);
  const fix = (text: string, measure: number): { text: string; at: number[] } => {
    const at: number[] = [];
    if (measure <= 0 || text.length <= MERGED_LINE * measure) return { text, at };
    const out = text.replace(/(?<![\p{L}-])\p{L}+(?:-\p{L}+)*(?![\p{L}-])/gu, (w, offset: number) => {
      const i = split.get(w.toLowerCase()) ?? (w === w.toLowerCase() ? compounds.get(w) : undefined);
      // The k-th printed line ended about k measures in (pdftotext joins as many lines as it mended words).
      const k = Math.max(1, Math.round((offset + w.length / 2) / measure));
      if (i === undefined || offset > (k + BREAK_SLACK) * measure || offset + w.length < (k - BREAK_SLACK) * measure) return w;
      at.push(offset + i);
      return `${w.slice(0, i)}-${w.slice(i)}`;
    });
    return { text: out, at };
  };
  const bodyMeasure = measureOf(model.body.map((l) => l.text.length));
  const noteMeasure = measureOf(model.footnotes.flatMap((f) => f.lines.map((l) => l.text.length)));
  const body = model.body.map((l) => {
    const { text, at } = fix(l.text, bodyMeasure);
    if (at.length === 0) return l;
    // Markers stand at columns of the cleaned line: those after an inserted hyphen move by one per hyphen.
    const markers = l.markers.map((m) => ({ ...m, col: m.col + at.filter((c) => c < m.col).length }));
    return { ...l, text, markers, width: l.width + (model.widthUnit === 'chars' ? at.length : textWidth('-') * at.length) };
  });
  const footnotes = model.footnotes.map((f) => ({ ...f, lines: f.lines.map((l) => ({ ...l, text: fix(l.text, noteMeasure).text })) }));
  return { ...model, body, footnotes };
}

/**
 * Shortest piece {@link compoundBreak} splits a word into: shorter ones ("re", "co") are prefixes, not words. Inside
 * a compound that has hyphens of its own, a piece of two letters is a word ("out-of-country", "door-to-door").
 */
const COMPOUND_PIECE = 3;
const INNER_PIECE = 2;

/**
 * Where in a word the text writes only once, joined at a line end, its own
 * hyphen stood, broken there by the typesetter and dropped by the extractor
 * ("wellreasoned": "well-" + "reasoned"; "outof-country"): one letter run of
 * it, no English word, splits into two English words at one place only. A
 * syllable break ("nonregis-" + "tration") leaves a piece that is no word; a
 * joined form that is a word ("cooperative", "nonvoting") keeps no hyphen.
 */
export function compoundBreak(word: string): number | null {
  const inner = word.includes('-');
  const min = inner ? INNER_PIECE : COMPOUND_PIECE;
  let at: number | null = null;
  let start = 0;
  for (const run of word.split('-')) {
    if (run.length >= 2 * min && !englishWords().has(run)) {
      for (let i = min; i <= run.length - min; i++) {
        if (!englishWords().has(run.slice(0, i)) || !englishWords().has(run.slice(i))) continue;
        if (at !== null) return null;
        at = start + i;
      }
    }
    start += run.length + 1;
  }
  return at;
}

/** How often each word, as `pattern` (global) finds words, occurs in the texts, lower-cased. */
export function wordCounts(texts: Iterable<string>, pattern: RegExp): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of texts) for (const w of t.toLowerCase().match(pattern) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

/**
 * Whether a lower-case word is one: the word list has it, or the text uses it more than once (`counts`: how often
 * the text has each word). Once is not enough where the word at hand is itself one of the text's (a piece of a
 * broken word occurs once, at the break).
 */
export function isKnownWord(w: string, counts: ReadonlyMap<string, number>): boolean {
  return (counts.get(w) ?? 0) > 1 || englishWords().has(w);
}

function joinLines(lines: readonly FootnoteLine[], join: Joiner): string {
  let out = '';
  for (const l of lines) out = join(out, l.text);
  return out;
}

function isHeadingLine(line: BodyLine, sections: readonly Section[]): boolean {
  const last = sections[sections.length - 1];
  return last !== undefined && last.line === line.no && last.page === line.page;
}

/**
 * Whether `next` starts a new paragraph after `last`. Geometry decides where
 * the input has it; else `last` ends a clause, `next` opens a sentence, and
 * either a blank line stands between them, or the first word of `next` would
 * have fit on `last`, or `last` is short in justified text (measure.ts).
 */
function endsParagraph(
  last: BodyLine,
  next: BodyLine,
  threshold: number,
  wordWidth: (text: string) => number,
  space: number,
  learntMeasure: () => LearntMeasure | null,
): boolean {
  if (next.breakBefore !== undefined) return next.breakBefore;
  if (!ENDS_CLAUSE.test(last.text) || !OPENS_SENTENCE.test(next.text)) return false;
  if (next.blankBefore) return true;
  const learnt = learntMeasure();
  // A line wider than the measure holds is two printed lines the extractor joined (pdftotext does, where a
  // paragraph's short last line sits close below a full one): the tests apply to the part past the measure.
  const tail = learnt?.overflow(last.text) ?? null;
  if (learnt && tail !== null) {
    const part: BodyLine = { ...last, text: tail, width: (last.width * learnt.width(tail)) / learnt.width(last.text), markers: [] };
    return endsParagraph(part, next, threshold, wordWidth, space, learntMeasure);
  }
  if (learnt?.isShort(last.text, next.text)) return true;
  return last.width + space + wordWidth(next.text) < threshold;
}

/** A line led by a bullet glyph and a space: a list item as extractors print it ("• Mr. …"). */
const BULLET_LEAD = /^[•▪◦●■□►‣⁃]\s/u;

/**
 * Where the input has no geometry, list items end by their own marks, whatever
 * the line widths: a line led by a bullet opens an item after a line that ends
 * a clause, and an item (`item`: the open paragraph is one) ends at a line
 * ending with a semicolon, an enumeration's item terminator, before a line
 * that opens a sentence.
 */
function endsListItem(last: BodyLine, next: BodyLine, item: boolean): boolean {
  if (next.breakBefore !== undefined) return false;
  if (BULLET_LEAD.test(next.text)) return ENDS_CLAUSE.test(last.text);
  return item && /;["'”’)\]]*$/u.test(last.text) && OPENS_SENTENCE.test(next.text);
}

/**
 * The line length at which body text wraps, seen from lines that end
 * mid-clause: their length plus the next line's first word overflows the
 * measure. A low percentile of that overflow is the measure, give or take the
 * justification's slack. (Learning it only from lines that wrap onto a
 * lower-case line was tried: on the source it raises the measure past a
 * paragraph's real line ends and splits one paragraph in two.)
 */
function wrapThreshold(lines: readonly BodyLine[], wordWidth: (text: string) => number, space: number): number {
  const overflow: number[] = [];
  for (let k = 0; k + 1 < lines.length; k++) {
    const a = lines[k];
    const b = lines[k + 1];
    if (!a || !b || ENDS_CLAUSE.test(a.text) || a.text.length < 20) continue;
    overflow.push(a.width + space + wordWidth(b.text));
  }
  if (overflow.length === 0) return Infinity;
  return percentile(overflow, 0.05);
}

function buildParagraph(
  lines: readonly BodyLine[],
  bullet: boolean,
  section: Section | null,
  index: number,
  ordinals: Map<string | null, number>,
  join: Joiner,
): Paragraph {
  let text = bullet ? '• ' : '';
  const markers: { n: number; offset: number }[] = [];
  for (const [k, line] of lines.entries()) {
    const joined = k === 0 ? `${text}${line.text}` : join(text, line.text);
    const base = joined.length - line.text.length;
    for (const m of line.markers) markers.push({ n: m.n, offset: base + m.col });
    text = joined;
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

export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
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

/** A word in capitals only (letters, with "/", "-" or "&" between them). */
function isAllCapsWord(w: string): boolean {
  return /^\p{Lu}[\p{Lu}/&-]*\p{Lu}$/u.test(w);
}
