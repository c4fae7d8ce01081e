/**
 * A synthetic corpus for the scale benchmark (`npm run bench -- --reports N`):
 * reports made from the real ones by varying them, not by copying them.
 *
 * Each synthetic report starts from a parsed base report (a Document) and
 *  - replaces its numbers with other plausible numbers of a similar magnitude
 *    (same digit count and format; days stay 1–28, percentages stay under
 *    100, years move together by one offset per report);
 *  - swaps country, city and party names for invented ones (the country is
 *    unique in the corpus; cities and parties come from small built-in lists);
 *  - shuffles paragraph order inside each section (a lead-in ending with ":"
 *    or ";" keeps its list; the preamble keeps its order), then renumbers the
 *    footnotes in the new reading order;
 *  - lays the result out again as raw PDF-text (src/bench/layout.ts) with a
 *    seeded page shape: body width 85–115, footnote width 100–125, 35–50 lines
 *    per page.
 * Marker offsets follow every change of text length, so every footnote is
 * marked in the same sentence as in the base.
 *
 * Deterministic: the same base, index and seed give byte-identical output.
 *
 * Limits: names are found from a built-in list of the base corpus's names
 * (`SOURCE_NAMES`, plus the base's `meta.country`); a new base report varies
 * only by numbers and order until its names are added. Numbers glued to a word
 * or to punctuation, or inside a URL, e-mail address or dotted date, are kept
 * (so no new footnote marker can appear). Countries are unique for up to
 * `COUNTRY_NAMES` reports per seed. The text is not meant to be read: shuffled
 * paragraphs may open with "Moreover" or point back at a sentence that moved.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportMeta } from '../corpus/corpus.js';
import { splitSentences, type Document, type Footnote, type Marker, type Paragraph, type Span } from '../document/index.js';
import { relayout, type Layout } from './layout.js';
import { createRng, type Rng } from './random.js';


/** A whole number in [lo, hi]. */
function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** A shuffled copy (Fisher–Yates). */
function shuffled<T>(rng: Rng, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randInt(rng, 0, i);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

/** Mixes a corpus seed and a report index into the seed of that report's stream. */
function reportSeed(seed: number, index: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

// ---------------------------------------------------------------------------
// Names

/** Country, city and party names of the base corpus that a synthetic report replaces. */
export const SOURCE_NAMES = {
  /** Country name → its adjective (the country itself comes from the base's metadata). */
  adjectives: { Kazakhstan: 'Kazakh' } as Readonly<Record<string, string>>,
  cities: ['Astana', 'Almaty', 'Zhanaozen', 'Karaganda', 'Pavlodar', 'Kyzylorda', 'Kostanai', 'Akmola', 'Mangistau', 'Zhambyl'],
  /** Each party with the spellings the text uses. */
  parties: [['Nur Otan', 'Nur-Otan'], ['Ak Zhol', 'Ak-Jol', 'Ak Jol'], ['Azat'], ['Alga'], ['Auyl'], ['Adilet'], ['Rukhaniyat'], ['Patriots']],
} as const;

const CITY_NAMES = [
  'Dravensk', 'Ostrava Nova', 'Meridan', 'Kallowa', 'Tessin', 'Brennik', 'Solvar', 'Umbrek', 'Varneth', 'Lissow', 'Korvina', 'Haldor',
  'Pellam', 'Rusk', 'Zaveri', 'Nordhal', 'Estrin', 'Gorlan', 'Belmora', 'Tavrek', 'Sennar', 'Ilvar', 'Quorin', 'Marrow Bay',
] as const;

const PARTY_NAMES = [
  'Bright Future', 'Civic Accord', 'Green Alliance', 'Democratic Choice', 'Renewal', 'Solidarity', 'Labour Front', 'Free Voice',
  'Unity', 'Progress', 'New Horizon', 'Rural Union', 'Justice and Order', 'Homeland', 'Liberal Forum', 'Workers Accord',
] as const;

const COUNTRY_HEADS = ['Val', 'Kest', 'Mor', 'Ard', 'Bel', 'Cor', 'Dun', 'Els', 'Fen', 'Gal', 'Hal', 'Ist', 'Jor', 'Kar', 'Lum', 'Mar', 'Nor', 'Ost', 'Par', 'Rav'] as const;
const COUNTRY_MIDDLES = ['an', 'el', 'or', 'ad', 'ur', 'in', 'os', 'et', 'ar', 'im', 'ov', 'ul', 'en', 'is', 'am', 'ot', 'ir', 'as', 'ek', 'ol'] as const;
/** Country endings and their adjective endings. */
const COUNTRY_TAILS = [['ia', 'ian'], ['istan', 'istani'], ['ora', 'oran'], ['and', 'andic'], ['esh', 'eshi'], ['avia', 'avian'], ['eny', 'enian'], ['ukh', 'ukhi']] as const;

/** How many distinct country names the generator has. */
export const COUNTRY_NAMES = COUNTRY_HEADS.length * COUNTRY_MIDDLES.length * COUNTRY_TAILS.length;

/**
 * The invented country of report `index` under `seed`, with its adjective.
 * Distinct for distinct indexes below `COUNTRY_NAMES` (an affine permutation
 * of the name space, so no bookkeeping is needed).
 */
export function countryName(index: number, seed: number): { name: string; adjective: string } {
  const multipliers = [7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47] as const; // coprime to COUNTRY_NAMES = 2^7 · 5^2
  const a = multipliers[(seed >>> 0) % multipliers.length] ?? 7;
  const k = (((a * index + reportSeed(seed, -1)) % COUNTRY_NAMES) + COUNTRY_NAMES) % COUNTRY_NAMES;
  const [tail, adjectiveTail] = COUNTRY_TAILS[k % COUNTRY_TAILS.length] ?? COUNTRY_TAILS[0];
  const head = COUNTRY_HEADS[Math.floor(k / COUNTRY_TAILS.length) % COUNTRY_HEADS.length] ?? 'Val';
  const middle = COUNTRY_MIDDLES[Math.floor(k / (COUNTRY_TAILS.length * COUNTRY_HEADS.length))] ?? 'an';
  return { name: `${head}${middle}${tail}`, adjective: `${head}${middle}${adjectiveTail}` };
}

/** Which name replaces which in one synthetic report. */
export interface NameMap {
  /** Source spelling → replacement. */
  replacements: ReadonlyMap<string, string>;
  country: string;
  /** Replacement of the base's statement place (its capital), when it has one. */
  capital: string | undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** The name map of one report: a new country, and the base's cities and parties each given a distinct new name. */
function nameMap(rng: Rng, meta: ReportMeta, index: number, seed: number): NameMap {
  const country = countryName(index, seed);
  const replacements = new Map<string, string>([[meta.country, country.name]]);
  const adjective = SOURCE_NAMES.adjectives[meta.country];
  if (adjective) replacements.set(adjective, country.adjective);
  const cities = shuffled(rng, CITY_NAMES);
  SOURCE_NAMES.cities.forEach((c, i) => replacements.set(c, cities[i % cities.length] ?? c));
  const parties = shuffled(rng, PARTY_NAMES);
  SOURCE_NAMES.parties.forEach((spellings, i) => {
    for (const s of spellings) replacements.set(s, parties[i % parties.length] ?? s);
  });
  return { replacements, country: country.name, capital: meta.statementPlace ? replacements.get(meta.statementPlace) : undefined };
}

// ---------------------------------------------------------------------------
// Text edits

interface Edit {
  start: number;
  end: number;
  text: string;
}

interface Mutation {
  rng: Rng;
  names: NameMap;
  /** Matches any source name as a whole word. */
  namePattern: RegExp | null;
  /** Years move by this much. */
  yearDelta: number;
}

/** What a text edit may change: everything, or only names and years (titles and metadata). */
type EditMode = 'all' | 'names-and-years';

/**
 * A number standing on its own: not glued to a letter, digit or punctuation
 * before it (a footnote marker is glued), not followed by a letter or by more
 * digits after a point or comma (dates like 16.01.2012 stay whole).
 */
const NUMBER = /(?<![\p{L}\p{N}.,;:!?)\]”’"'/@_+\-])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\p{L}\p{N}]|[.,]\d)/gu;
const MONTH_AFTER = /^\s+(January|February|March|April|May|June|July|August|September|October|November|December)\b/u;
const PERCENT_AFTER = /^\s*(per cent|percent|%)/u;
const LINK_TOKEN = /[/@]|www\.|https?:|\.[a-z]{2,}/u;

/** Random digits, `n` of them. */
function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(randInt(rng, 0, 9));
  return s;
}

/**
 * A plausible replacement for one number: same digit count and format, within
 * half to one and a half times its value; null to keep it.
 */
function replaceNumber(rng: Rng, integer: string, fraction: string | undefined, after: string, mode: EditMode, yearDelta: number): string | null {
  const plain = integer.replace(/,/gu, '');
  const value = Number(plain);
  const isYear = fraction === undefined && !integer.includes(',') && plain.length === 4 && value >= 1950 && value <= 2049;
  if (isYear) return String(value + yearDelta);
  if (mode !== 'all') return null;
  if (plain.length > 1 && plain.startsWith('0')) return `0${digits(rng, plain.length - 1)}`;
  const frac = fraction === undefined ? '' : `.${digits(rng, fraction.length)}`;
  if (fraction === undefined && MONTH_AFTER.test(after)) return String(randInt(rng, 1, 28));
  if (fraction === undefined && /^:\d\d/u.test(after)) return String(randInt(rng, Math.min(value, 10), 20));
  const n = plain.length;
  const lo = Math.max(n === 1 ? 1 : 10 ** (n - 1), Math.floor(value * 0.5));
  let hi = Math.min(10 ** n - 1, Math.ceil(value * 1.5));
  if (PERCENT_AFTER.test(after)) hi = Math.min(hi, 99);
  if (lo > hi) return null;
  const next = randInt(rng, lo, hi);
  const formatted = integer.includes(',') ? next.toLocaleString('en-US') : String(next);
  return `${formatted}${frac}`;
}

/** The whitespace-delimited token around [start, end). */
function tokenAround(text: string, start: number, end: number): string {
  const from = text.lastIndexOf(' ', start - 1) + 1;
  const to = text.indexOf(' ', end);
  return text.slice(from, to === -1 ? text.length : to);
}

/** Non-overlapping edits of `text`, in order. */
function findEdits(text: string, m: Mutation, mode: EditMode): Edit[] {
  const edits: Edit[] = [];
  if (m.namePattern) {
    for (const match of text.matchAll(m.namePattern)) {
      const to = m.names.replacements.get(match[0]);
      if (to !== undefined && to !== match[0]) edits.push({ start: match.index, end: match.index + match[0].length, text: to });
    }
  }
  for (const match of text.matchAll(NUMBER)) {
    const start = match.index;
    const end = start + match[0].length;
    if (edits.some((e) => start < e.end && e.start < end)) continue;
    if (LINK_TOKEN.test(tokenAround(text, start, end))) continue;
    const to = replaceNumber(m.rng, match[1] ?? '', match[2], text.slice(end, end + 16), mode, m.yearDelta);
    if (to !== null && to !== match[0]) edits.push({ start, end, text: to });
  }
  return edits.sort((a, b) => a.start - b.start);
}

/**
 * Applies edits; `shift` maps an offset of the old text to the new one. An
 * offset at an edit's end moves with the edit (a marker after a replaced name
 * stays after it).
 */
function applyEdits(text: string, edits: readonly Edit[]): { text: string; shift: (offset: number) => number } {
  let out = '';
  let last = 0;
  for (const e of edits) {
    out += text.slice(last, e.start) + e.text;
    last = e.end;
  }
  out += text.slice(last);
  const shift = (offset: number): number => {
    let delta = 0;
    for (const e of edits) if (e.end <= offset) delta += e.text.length - (e.end - e.start);
    return offset + delta;
  };
  return { text: out, shift };
}

/** `text` with its names (and, in mode "all", numbers) varied. */
function mutateText(text: string, m: Mutation, mode: EditMode): string {
  return applyEdits(text, findEdits(text, m, mode)).text;
}

/** Index of the sentence a marker at `offset` belongs to (as the parser decides it). */
function sentenceOf(sentences: readonly Span[], offset: number): number {
  let best = 0;
  for (const [k, s] of sentences.entries()) {
    if (s.start < offset) best = k;
    if (offset > s.start && offset <= s.end) return k;
  }
  return best;
}

/** A paragraph with its text varied and its markers moved with the text. Edits that would swallow a marker are skipped. */
function mutateParagraph(p: Paragraph, m: Mutation): Paragraph {
  const edits = findEdits(p.text, m, 'all').filter((e) => !p.markers.some((k) => k.offset > e.start && k.offset < e.end));
  const { text, shift } = applyEdits(p.text, edits);
  const sentences = splitSentences(text);
  const markers: Marker[] = p.markers.map((k) => {
    const offset = shift(k.offset);
    return { n: k.n, offset, sentence: sentenceOf(sentences, offset) };
  });
  return { ...p, text, sentences, markers };
}

// ---------------------------------------------------------------------------
// Paragraph order

const OPENS = /^["'“‘(\[]?[\p{Lu}\p{N}]/u;
const ENDS_SENTENCE = /[.!?]["'”’)\]]*$/u;

/**
 * Groups a section's paragraphs into units that move together: a paragraph
 * that does not end a sentence (a lead-in ending ":" or a list item ending
 * ";") takes the next one along, and so does a paragraph before a bullet or a
 * lower-case continuation.
 */
function units(paragraphs: readonly Paragraph[]): Paragraph[][] {
  const out: Paragraph[][] = [];
  for (const p of paragraphs) {
    const last = out[out.length - 1];
    const prev = last?.[last.length - 1];
    if (last && prev && (!ENDS_SENTENCE.test(prev.text) || !OPENS.test(p.text))) last.push(p);
    else out.push([p]);
  }
  return out;
}

/** A unit may move when it opens a sentence and ends one; others keep their place. */
function movable(unit: readonly Paragraph[]): boolean {
  const first = unit[0];
  const last = unit[unit.length - 1];
  return first !== undefined && last !== undefined && OPENS.test(first.text) && ENDS_SENTENCE.test(last.text);
}

/** Paragraphs with the movable units of each section (not the preamble) shuffled among their places. */
function shuffleSections(rng: Rng, paragraphs: readonly Paragraph[]): Paragraph[] {
  const runs: Paragraph[][] = [];
  for (const p of paragraphs) {
    const run = runs[runs.length - 1];
    if (run && run[0]?.sectionId === p.sectionId) run.push(p);
    else runs.push([p]);
  }
  return runs.flatMap((run) => {
    if (run[0]?.sectionId === null) return run;
    const us = units(run);
    const slots = us.flatMap((u, i) => (movable(u) ? [i] : []));
    const order = shuffled(rng, slots);
    const placed = [...us];
    slots.forEach((slot, k) => {
      placed[slot] = us[order[k] ?? slot] ?? [];
    });
    return placed.flat();
  });
}

/**
 * Gives paragraphs their ids, indexes and ordinals in the new reading order,
 * and footnotes their numbers in the order of their markers. A footnote
 * without a marker is left out (a layout could not place it).
 */
function renumber(paragraphs: readonly Paragraph[], footnotes: readonly Footnote[]): { paragraphs: Paragraph[]; footnotes: Footnote[] } {
  const newN = new Map<number, number>();
  const ordinals = new Map<string | null, number>();
  const out = paragraphs.map((p, i) => {
    const ordinal = (ordinals.get(p.sectionId) ?? 0) + 1;
    ordinals.set(p.sectionId, ordinal);
    const markers = [...p.markers].sort((a, b) => a.offset - b.offset).map((k) => {
      const n = newN.size + 1;
      newN.set(k.n, n);
      return { ...k, n };
    });
    return { ...p, id: `p${i + 1}`, index: i + 1, ordinal, markers, footnotes: markers.map((k) => k.n) };
  });
  const at = new Map(out.flatMap((p) => p.markers.map((k) => [k.n, { p, k }] as const)));
  const notes = footnotes.flatMap((f) => {
    const n = newN.get(f.n);
    const where = n === undefined ? undefined : at.get(n);
    if (n === undefined || !where) return [];
    return [{ ...f, n, paragraph: where.p.id, marker: { paragraph: where.p.id, sentence: where.k.sentence, offset: where.k.offset } }];
  });
  return { paragraphs: out, footnotes: notes.sort((a, b) => a.n - b.n) };
}

// ---------------------------------------------------------------------------
// Reports

/** A base report: its metadata and its parsed Document. */
export interface BaseReport {
  meta: ReportMeta;
  document: Document;
}

export interface SyntheticReport {
  /** File name of the raw text (the metadata goes beside it as `<name>.meta.json`). */
  file: string;
  meta: ReportMeta;
  raw: string;
  layout: Layout;
  /** The varied Document the raw text was laid out from (page and line fields are the base's). */
  document: Document;
  /** For each paragraph of `document`, the index of the base paragraph it was made from. */
  origin: number[];
}

/** The page shape of one report: body width 85–115, footnote width 100–125, 35–50 lines per page. */
function randomLayout(rng: Rng): Layout {
  return { bodyWidth: randInt(rng, 85, 115), footnoteWidth: randInt(rng, 100, 125), linesPerPage: randInt(rng, 35, 50) };
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
}

/** An ISO date moved by whole years (29 February becomes 28 February). */
function shiftYear(date: string, years: number): string {
  const [y, m, d] = date.split('-');
  const day = m === '02' && d === '29' ? '28' : (d ?? '01');
  return `${String(Number(y) + years).padStart(4, '0')}-${m ?? '01'}-${day}`;
}

/** The edit context of one report: its random stream, names and year offset. */
function createMutation(rng: Rng, names: NameMap, yearDelta: number): Mutation {
  const sources = [...names.replacements.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const namePattern = sources.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${sources.join('|')})(?![\\p{L}\\p{N}])`, 'gu') : null;
  return { rng, names, namePattern, yearDelta };
}

/** A Document varied as the module comment describes; `origin` maps its paragraphs to the base's. */
export function mutateDocument(base: Document, rng: Rng, names: NameMap, yearDelta: number): { document: Document; origin: number[] } {
  const m = createMutation(rng, names, yearDelta);
  const origin = new Map<Paragraph, number>();
  const varied = base.paragraphs.map((p, i) => {
    const q = mutateParagraph(p, m);
    origin.set(q, i);
    return q;
  });
  const footnotes = base.footnotes.map((f) => ({ ...f, text: mutateText(f.text, m, 'all') }));
  const shuffledParagraphs = shuffleSections(rng, varied);
  const order = shuffledParagraphs.map((p) => origin.get(p) ?? -1);
  const renumbered = renumber(shuffledParagraphs, footnotes);
  const titleLines = base.titleLines.map((l) => mutateText(l, m, 'names-and-years'));
  const document: Document = {
    ...base,
    title: titleLines.length > 0 ? titleLines.join(' — ') : base.title,
    titleLines,
    paragraphs: renumbered.paragraphs,
    footnotes: renumbered.footnotes,
    warnings: [],
  };
  return { document, origin: order };
}

/**
 * Synthetic report `index` (0-based) of a corpus seeded with `seed`, made
 * from `base`: varied text, new metadata (unique id, short title and
 * country), and a raw text in a random layout.
 */
export function generateReport(base: BaseReport, index: number, seed: number): SyntheticReport {
  const rng = createRng(reportSeed(seed, index));
  const names = nameMap(rng, base.meta, index, seed);
  const yearDelta = randInt(rng, 1, 20) * (rng() < 0.6 ? -1 : 1);
  const { document, origin } = mutateDocument(base.document, rng, names, yearDelta);
  const layout = randomLayout(rng);
  const raw = relayout(document, layout);
  const year = Number(base.meta.electionDate.slice(0, 4)) + yearDelta;
  const number = String(index + 1).padStart(3, '0');
  const id = `syn-${number}-${slug(names.country)}`.slice(0, 64);
  const m = createMutation(rng, names, yearDelta);
  const swapNames = (text: string): string => mutateText(text, m, 'names-and-years');
  const meta: ReportMeta = {
    ...base.meta,
    id,
    shortTitle: `${names.country} ${year} ${base.meta.electionType.toLowerCase()} – synthetic #${number}`.slice(0, 100),
    fullTitle: swapNames(base.meta.fullTitle).slice(0, 400),
    country: names.country,
    electionDate: shiftYear(base.meta.electionDate, yearDelta),
    statementDate: shiftYear(base.meta.statementDate, yearDelta),
    ...(base.meta.statementPlace ? { statementPlace: names.capital ?? base.meta.statementPlace } : {}),
  };
  return { file: `${id}.txt`, meta, raw, layout, document, origin };
}

/** `count` synthetic reports under `seed`; report i is made from base i mod the number of bases. */
export function generateCorpus(bases: readonly BaseReport[], count: number, seed: number): SyntheticReport[] {
  if (bases.length === 0) throw new RangeError('no base reports to vary');
  if (count > COUNTRY_NAMES) throw new RangeError(`at most ${COUNTRY_NAMES} synthetic reports per corpus`);
  return Array.from({ length: count }, (_, i) => generateReport(bases[i % bases.length] as BaseReport, i, seed));
}

/** Writes each report as `<file>` and `<name>.meta.json` into `dir` (created if missing); returns the total bytes written. */
export function writeCorpus(dir: string, reports: readonly SyntheticReport[]): number {
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (const r of reports) {
    const meta = `${JSON.stringify(r.meta, null, 2)}\n`;
    writeFileSync(join(dir, r.file), r.raw);
    writeFileSync(join(dir, r.file.replace(/\.txt$/u, '.meta.json')), meta);
    bytes += Buffer.byteLength(r.raw) + Buffer.byteLength(meta);
  }
  return bytes;
}
