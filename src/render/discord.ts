/**
 * Answers, sections, footnotes and search results → Discord embeds, within
 * Discord's limits. Pure functions: no client, no I/O.
 *
 * Limits (Discord API): message content 2,000 characters; embed title 256,
 * description 4,096, footer 2,048, ≤ 25 fields of name 256 / value 1,024, and
 * 6,000 characters across all embeds of a message; ≤ 5 rows of ≤ 5 buttons,
 * custom_id ≤ 100, button label ≤ 80; autocomplete ≤ 25 choices of name/value
 * ≤ 100. Lengths here are UTF-16 code units, which is never less than what
 * Discord counts (code points), so a text that fits here fits there.
 *
 * Text from the report is escaped (markdown and mentions) before it is
 * measured. Nothing is ever cut mid-word without a "…"; whatever had to be
 * shortened is reported (`truncated`) so the caller can attach the full text.
 */
import { escapeMarkdown, type APIEmbed } from 'discord.js';
import { notAnsweredLine, type Answer, type Quote } from '../answer/answer.js';
import type { ReportMeta } from '../corpus/corpus.js';
import { pageLink, pageUrl } from './source-link.js';
import { otherLanguageMessage } from '../text/language.js';
import { smallTalkMessage } from '../text/small-talk.js';
import { vagueMessage } from '../text/vague.js';

export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFooter: 2048,
  embedAuthor: 256,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  embedsTotal: 6000,
  embedsPerMessage: 10,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/** Length of a snippet in /search results (before the "…"). */
export const SNIPPET_LENGTH = 200;
/** Footer text is kept well under its limit so title + description + footer stay under 6,000. */
const FOOTER_MAX = 300;
const ELLIPSIS = '…';
/** Accent colour of every embed. */
export const EMBED_COLOR = 0x2f6f9f;

// ---------------------------------------------------------------- text

/**
 * Shortens `text` to at most `max` characters, cutting at the last whitespace
 * and ending with "…". Only a text without any whitespace in its second half is
 * cut mid-word (still marked with "…"). Never leaves a dangling escape
 * backslash or half a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return ELLIPSIS;
  let cut = text.slice(0, max - 1);
  // Unless the cut already falls between words, back up to the last whitespace.
  if (!/\s/u.test(text.charAt(max - 1))) {
    const space = cut.search(/\s\S*$/u);
    if (space >= Math.floor((max - 1) / 2)) cut = cut.slice(0, space);
  }
  cut = cut.replace(/[\uD800-\uDBFF]$/u, '').trimEnd();
  // An odd run of trailing backslashes would escape the ellipsis.
  const slashes = /\\+$/u.exec(cut)?.[0].length ?? 0;
  if (slashes % 2 === 1) cut = cut.slice(0, -1).trimEnd();
  return `${cut}${ELLIPSIS}`;
}

/**
 * Splits `text` into pieces of at most `max` characters at whitespace; every
 * piece but the last ends with "…" and every piece but the first starts with "…".
 */
export function splitAtWords(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    const lead = pieces.length > 0 ? ELLIPSIS : '';
    const room = max - lead.length;
    if (rest.length <= room) {
      pieces.push(lead + rest);
      break;
    }
    const head = truncate(rest, room);
    pieces.push(lead + head);
    rest = rest.slice(head.length - ELLIPSIS.length).trimStart();
  }
  return pieces;
}

/**
 * Makes mentions inert in displayed text (a zero-width space after "@"), so text can never ping or render as a mention.
 * "@everyone"/"@here" are broken wherever they occur, inside a word too ("x@everyone.org", "@hereby"): no word
 * boundary rule to get wrong.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/@(everyone|here)/gu, '@\u200b$1').replace(/<(@[!&]?|#)(\d+)>/gu, (_m, kind: string, id: string) => `<${kind}\u200b${id}>`);
}

/** Escapes Discord markdown (including list, heading and link syntax) and neutralises mentions. */
export function escapeText(text: string): string {
  return neutralizeMentions(escapeMarkdown(text, { bulletedList: true, numberedList: true, heading: true, maskedLink: true }));
}

/** Undoes escapeText: backslash escapes and the zero-width spaces that break mentions (reading back what the bot wrote, e.g. an embed title). */
export function unescapeText(text: string): string {
  return text.replace(/\\([^\p{L}\p{N}\s])/gu, '$1').replace(/\u200b/gu, '');
}

/**
 * A user's own text echoed back inside a one-line message: line breaks,
 * control and format characters become spaces, then it is shortened, escaped
 * and shortened again to `max` characters. (Shortened before escaping too:
 * escaping is quadratic on long unbroken strings, ~0.4 s for 10,000 "x".)
 */
export function echoInline(text: string, max: number): string {
  const line = text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\s]+/gu, ' ').trim();
  return truncate(escapeText(truncate(line, max)), max);
}

/** Prefixes every line with "> " (a Discord block quote). */
export function blockQuote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/**
 * Splits `total` among items of the given natural lengths (water-filling):
 * items shorter than their fair share keep their length, the rest share what
 * remains equally. The result never sums to more than `total`.
 */
export function allocate(lengths: readonly number[], total: number): number[] {
  const out = lengths.map(() => 0);
  let remaining = Math.max(0, total);
  let open = lengths.map((_, i) => i);
  while (open.length > 0) {
    const share = Math.floor(remaining / open.length);
    const fits = open.filter((i) => (lengths[i] ?? 0) <= share);
    if (fits.length === 0) {
      for (const i of open) out[i] = share;
      break;
    }
    for (const i of fits) {
      out[i] = lengths[i] ?? 0;
      remaining -= lengths[i] ?? 0;
    }
    open = open.filter((i) => (lengths[i] ?? 0) > share);
  }
  return out;
}

// ---------------------------------------------------------------- citations

/** Innermost heading of a section path, or "Preamble". */
export function headingOf(sectionPath: readonly string[]): string {
  return sectionPath.at(-1) ?? 'Preamble';
}

export interface CitationParts {
  sectionPath: readonly string[];
  page: number;
  paragraph: number | null;
  footnote: number | null;
  /** Report short title, shown only when an answer spans several reports. */
  documentTitle?: string;
}

/** "Election Day · p. 11 · ¶ 4", or "Background · p. 3 · footnote 12" for a footnote. */
export function citation(c: CitationParts): string {
  const parts = [headingOf(c.sectionPath), `p. ${c.page}`];
  if (c.footnote !== null) parts.push(`footnote ${c.footnote}`);
  else if (c.paragraph !== null) parts.push(`¶ ${c.paragraph}`);
  if (c.documentTitle) parts.unshift(c.documentTitle);
  return parts.join(' · ');
}

/** Longest section heading in a citation (the rest of a citation is short). */
const CITATION_HEADING_MAX = 150;

/**
 * A citation as Discord Markdown: each part escaped, and the page a masked
 * link to `sourceUrl#page=N` when the report has a sourceUrl (source-link.ts).
 */
export function citationMarkdown(c: CitationParts, sourceUrl?: string | null): string {
  const parts = [escapeText(truncate(headingOf(c.sectionPath), CITATION_HEADING_MAX)), pageLink(sourceUrl, c.page)];
  if (c.footnote !== null) parts.push(`footnote ${c.footnote}`);
  else if (c.paragraph !== null) parts.push(`¶ ${c.paragraph}`);
  if (c.documentTitle) parts.unshift(escapeText(c.documentTitle));
  return parts.join(' · ');
}

// ---------------------------------------------------------------- quote blocks

/** A verbatim text with its citation and the footnotes it carries (raw, unescaped). */
export interface QuoteBlock {
  text: string;
  citation: string;
  footnotes: readonly { n: number; text: string }[];
  /** For a footnote quote: the body sentence carrying its marker, shown in one line above it. */
  context?: string | null;
  /** The citation already as escaped Markdown (with its page link); used instead of `citation` when there is room. */
  citationMarkdown?: string;
}

/** Longest context line above a footnote quote, before it is cut at a word with "…". */
export const CONTEXT_MAX = 160;

export interface Fitted {
  text: string;
  /** Whether anything had to be shortened to fit. */
  truncated: boolean;
}

const footnoteLine = (n: number, escaped: string): string => `[${n}] ${escaped}`;

/**
 * One block: the quote as a block quote, "— citation", then "[n] footnote"
 * lines. With a budget, footnotes are shortened first (down to about a third of
 * the room), then the quote; the citation is never cut.
 */
export function renderQuoteBlock(block: QuoteBlock, budget: number = Number.POSITIVE_INFINITY): Fitted {
  const quote = escapeText(block.text);
  const plainCite = `— ${truncate(escapeText(block.citation), 200)}`;
  // A linked citation is never cut (a cut link is no link): short of room, the plain one is shown.
  const cite = block.citationMarkdown && block.citationMarkdown.length + 2 <= budget / 2 ? `— ${block.citationMarkdown}` : plainCite;
  const notes = block.footnotes.map((f) => ({ n: f.n, text: escapeText(f.text) }));
  const lead = block.context ? `In: “${escapeText(truncate(block.context, CONTEXT_MAX))}”` : null;
  const assemble = (q: string, ns: readonly string[]): string => [...(lead ? [lead] : []), blockQuote(q), cite, ...ns].join('\n');
  const full = assemble(
    quote,
    notes.map((f) => footnoteLine(f.n, f.text)),
  );
  if (full.length <= budget) return { text: full, truncated: false };
  // Short of room, the context line goes first: it is the footnote's setting, not the quote.
  if (lead) return renderQuoteBlock({ ...block, context: null }, budget);

  const prefixes = notes.map((f) => `[${f.n}] `.length);
  const fixed = '> '.length + cite.length + 1 + notes.length + prefixes.reduce((a, b) => a + b, 0) + (lead ? lead.length + 1 : 0);
  const room = budget - fixed;
  // Little room: the citation whole, and what is left of the quote.
  if (room < 40) {
    const short = [blockQuote(truncate(quote, Math.max(1, budget - cite.length - 3))), cite].join('\n');
    return { text: short.length <= budget ? short : truncate(short, budget), truncated: true };
  }
  const notesLength = notes.reduce((a, f) => a + f.text.length, 0);
  const notesRoom = Math.min(notesLength, Math.max(Math.floor(room / 3), room - quote.length));
  const noteBudgets = allocate(
    notes.map((f) => f.text.length),
    notesRoom,
  );
  const quoteText = truncate(quote, room - notesRoom);
  const noteLines = notes.map((f, i) => footnoteLine(f.n, truncate(f.text, Math.max(1, noteBudgets[i] ?? 1))));
  const text = assemble(quoteText, noteLines);
  return { text: text.length <= budget ? text : truncate(text, budget), truncated: true };
}

const BLOCK_SEPARATOR = '\n\n';

/** Several blocks in `limit` characters, sharing the room fairly (short blocks stay whole). */
export function renderQuoteBlocks(blocks: readonly QuoteBlock[], limit: number = LIMITS.embedDescription): Fitted {
  const fitted = fitBlocks(blocks, limit);
  const text = fitted.texts.join(BLOCK_SEPARATOR);
  return { text: text.length <= limit ? text : truncate(text, limit), truncated: fitted.truncated };
}

/** Each block's text, all of them together (with separators) in `limit` characters. */
function fitBlocks(blocks: readonly QuoteBlock[], limit: number): { texts: string[]; truncated: boolean } {
  const full = blocks.map((b) => renderQuoteBlock(b).text);
  const room = limit - BLOCK_SEPARATOR.length * Math.max(0, blocks.length - 1);
  if (full.reduce((a, t) => a + t.length, 0) <= room) return { texts: full, truncated: false };
  const budgets = allocate(
    full.map((t) => t.length),
    room,
  );
  return { texts: blocks.map((b, i) => renderQuoteBlock(b, budgets[i] ?? 0).text), truncated: true };
}

/** The citation of a quote; with the report's short title only when `withReport`. */
export function quoteCitation(q: Quote, withReport: boolean): string {
  return citation({ sectionPath: q.sectionPath, page: q.page, paragraph: q.paragraph, footnote: q.footnote, ...(withReport ? { documentTitle: q.documentTitle } : {}) });
}

/** A block's citation: plain, and as Markdown with its page linked when there is a safe link. */
export function linkedCitation(parts: CitationParts, sourceUrl?: string | null): Pick<QuoteBlock, 'citation' | 'citationMarkdown'> {
  return { citation: citation(parts), ...(pageUrl(sourceUrl, parts.page) ? { citationMarkdown: citationMarkdown(parts, sourceUrl) } : {}) };
}

/** A quote as a block; with the report's sourceUrl, its citation links its page. */
export function quoteToBlock(q: Quote, withReport: boolean, sourceUrl?: string | null): QuoteBlock {
  const parts: CitationParts = { sectionPath: q.sectionPath, page: q.page, paragraph: q.paragraph, footnote: q.footnote, ...(withReport ? { documentTitle: q.documentTitle } : {}) };
  return { text: q.text, ...linkedCitation(parts, sourceUrl), footnotes: q.footnotes, context: q.context?.text ?? null };
}

/** "2012-01-15" → "15 January 2012" (the date as written; an unexpected form is returned unchanged). */
export function longDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso);
  const month = m ? MONTH_NAMES[Number(m[2]) - 1] : undefined;
  return m && month ? `${Number(m[3])} ${month} ${m[1]}` : iso;
}
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** An answer's quotes grouped by report, reports in the order of their best quote, quotes in rank order within each. */
export function groupByReport(quotes: readonly Quote[]): { document: string; title: string; quotes: Quote[] }[] {
  const groups: { document: string; title: string; quotes: Quote[] }[] = [];
  for (const q of quotes) {
    const group = groups.find((g) => g.document === q.document);
    if (group) group.quotes.push(q);
    else groups.push({ document: q.document, title: q.documentTitle, quotes: [q] });
  }
  return groups;
}

/** The quotes in the order an answer shows them (grouped by report; the buttons follow this order). */
export function shownOrder(quotes: readonly Quote[]): Quote[] {
  return groupByReport(quotes).flatMap((g) => g.quotes);
}

/** The heading of a report's group in an answer spanning several: "**Short title** · elections of 15 January 2012". */
export function reportHeading(title: string, meta: Pick<ReportMeta, 'electionDate'> | undefined): string {
  return `**${escapeText(truncate(title, 150))}**${meta ? ` · elections of ${longDate(meta.electionDate)}` : ''}`;
}

// ---------------------------------------------------------------- answers

/** The abstention's first line with one report searched (notAnsweredLine gives it for any number). */
export const NOT_ANSWERED = notAnsweredLine({});

export interface RenderedAnswer {
  embed: APIEmbed;
  /** Whether any text was shortened (attach `answerMarkdown` then). */
  truncated: boolean;
}

function footer(text: string): { text: string } {
  return { text: truncate(text, FOOTER_MAX) };
}

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/**
 * The answer embed: title = the question; description = the quotes with
 * citations and footnotes, or the plain abstention and the closest sections;
 * footer = the report's short title (and which passages these are).
 */
export function renderAnswer(answer: Answer, options: { offset?: number; reportTitle?: string; reports?: readonly ReportMeta[] } = {}): RenderedAnswer {
  if (!answer.answered || answer.quotes.length === 0) return renderAbstention(answer, options.reportTitle ? { reportTitle: options.reportTitle } : {});
  const offset = options.offset ?? 0;
  const title = truncate(escapeText(answer.question), LIMITS.embedTitle);
  const titles = distinct(answer.quotes.map((q) => q.documentTitle));
  const searched = answer.searchedFor ? `Searched for: ${echoInline(answer.searchedFor, 200)}\n\n` : '';
  const metaOf = (id: string): ReportMeta | undefined => options.reports?.find((r) => r.id === id);
  // Several reports: the quotes in one group per report under its short title and election date, so no citation repeats the title.
  const groups = groupByReport(answer.quotes).map((g) => ({
    heading: titles.length > 1 ? reportHeading(g.title, metaOf(g.document)) : null,
    blocks: g.quotes.map((q) => quoteToBlock(q, false, metaOf(q.document)?.sourceUrl)),
  }));
  const headings = groups.reduce((n, g) => n + (g.heading ? g.heading.length + 1 : 0), 0);
  const blocks = fitBlocks(
    groups.flatMap((g) => g.blocks),
    LIMITS.embedDescription - searched.length - headings,
  );
  let at = 0;
  const body = groups
    .map((g) => {
      const texts = blocks.texts.slice(at, at + g.blocks.length).join(BLOCK_SEPARATOR);
      at += g.blocks.length;
      return g.heading ? `${g.heading}\n${texts}` : texts;
    })
    .join(BLOCK_SEPARATOR);
  const fitted: Fitted = { text: truncate(body, LIMITS.embedDescription - searched.length), truncated: blocks.truncated };
  const range = offset > 0 ? ` · passages ${offset + 1}–${offset + answer.quotes.length}` : '';
  return {
    embed: { title, description: `${searched}${fitted.text}`, color: EMBED_COLOR, footer: footer(`${titles.join(' · ')}${range}`) },
    truncated: fitted.truncated,
  };
}

/** The whole answer as Markdown (for an attachment when the embed had to shorten it). Not escaped: it is a file. */
export function answerMarkdown(answer: Answer, reports: readonly ReportMeta[] = []): string {
  const out = [`# ${answer.question}`, ''];
  if (!answer.answered) {
    out.push(notAnsweredLine(answer));
    if (answer.suggestions.length > 0) out.push('', 'Closest sections:', ...answer.suggestions.map((s) => `- ${s}`));
    return `${out.join('\n')}\n`;
  }
  for (const q of answer.quotes) {
    const url = pageUrl(reports.find((r) => r.id === q.document)?.sourceUrl, q.page);
    out.push(blockQuote(q.text), '', `— ${quoteCitation(q, true)}${url ? ` — ${url}` : ''}`);
    for (const f of q.footnotes) out.push('', `[${f.n}] ${f.text}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

// ---------------------------------------------------------------- sections

export interface SectionParagraph {
  ordinal: number;
  page: number;
  text: string;
}

/**
 * A section's paragraphs as pages of at most `limit` characters: "**¶ n** · p. N"
 * then the paragraph, the page a link to `sourceUrl#page=N` when the report
 * has one (source-link.ts). A paragraph longer than a page continues on the
 * next page ("…" at the cut on both sides).
 */
export function sectionPages(paragraphs: readonly SectionParagraph[], limit: number = LIMITS.embedDescription, sourceUrl?: string): string[] {
  const pieces: string[] = [];
  for (const p of paragraphs) {
    const head = `**¶ ${p.ordinal}** · ${pageLink(sourceUrl, p.page)}`;
    const body = escapeText(p.text);
    const block = `${head}\n${body}`;
    if (block.length <= limit) pieces.push(block);
    else {
      const parts = splitAtWords(body, limit - head.length - ' (cont.)'.length - 1);
      parts.forEach((part, i) => pieces.push(`${head}${i > 0 ? ' (cont.)' : ''}\n${part}`));
    }
  }
  const pages: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const next = current ? `${current}${BLOCK_SEPARATOR}${piece}` : piece;
    if (next.length <= limit) current = next;
    else {
      if (current) pages.push(current);
      current = piece;
    }
  }
  if (current) pages.push(current);
  return pages;
}

export interface SectionPageView {
  title: string;
  reportTitle: string;
  /** Pages from `sectionPages`. */
  pages: readonly string[];
  /** 0-based page shown. */
  page: number;
  /** Pages the section's paragraphs start on (for the footer). */
  reportPages: readonly number[];
}

export function renderSectionPage(view: SectionPageView): APIEmbed {
  const first = Math.min(...view.reportPages);
  const last = Math.max(...view.reportPages);
  const span = view.reportPages.length === 0 ? '' : first === last ? ` · p. ${first}` : ` · pp. ${first}–${last}`;
  const paging = view.pages.length > 1 ? ` · page ${view.page + 1} of ${view.pages.length}` : '';
  return {
    title: truncate(escapeText(view.title), LIMITS.embedTitle),
    description: view.pages[view.page] ?? '',
    color: EMBED_COLOR,
    footer: footer(`${view.reportTitle}${span}${paging}`),
  };
}

/** A heading without text of its own: name its subsections instead. */
export function renderEmptySection(title: string, reportTitle: string, subsections: readonly string[]): APIEmbed {
  const lines = ['This heading has no text of its own.'];
  if (subsections.length > 0) lines.push('', 'Its subsections:', ...subsections.map((s) => `• ${escapeText(s)}`));
  return { title: truncate(escapeText(title), LIMITS.embedTitle), description: truncate(lines.join('\n'), LIMITS.embedDescription), color: EMBED_COLOR, footer: footer(reportTitle) };
}

// ---------------------------------------------------------------- footnotes & paragraphs

export interface FootnoteRender {
  n: number;
  text: string;
  /** Where the footnote text is printed. */
  page: number;
  sectionPath: readonly string[];
  /** The sentence carrying the marker, and where it stands. */
  carrier: { text: string; page: number; paragraph: number } | null;
  reportTitle: string;
  /** The report's sourceUrl: the citations' pages link to it. */
  sourceUrl?: string | null;
}

/** The footnote text, then the sentence that carries its marker, each with its citation. */
export function renderFootnote(f: FootnoteRender): RenderedAnswer {
  const blocks: QuoteBlock[] = [{ text: `[${f.n}] ${f.text}`, ...linkedCitation({ sectionPath: f.sectionPath, page: f.page, paragraph: null, footnote: f.n }, f.sourceUrl), footnotes: [] }];
  if (f.carrier) blocks.push({ text: f.carrier.text, ...linkedCitation({ sectionPath: f.sectionPath, page: f.carrier.page, paragraph: f.carrier.paragraph, footnote: null }, f.sourceUrl), footnotes: [] });
  const limit = LIMITS.embedDescription - (f.carrier ? 'Marked in:\n'.length : 0);
  const [note, marked] = f.carrier ? splitBlocks(blocks, limit) : [renderQuoteBlock(blocks[0] as QuoteBlock, limit)];
  const description = marked ? `${note?.text ?? ''}\n\nMarked in:\n${marked.text}` : (note?.text ?? '');
  return {
    embed: { title: `Footnote ${f.n}`, description, color: EMBED_COLOR, footer: footer(f.reportTitle) },
    truncated: Boolean(note?.truncated || marked?.truncated),
  };
}

function splitBlocks(blocks: readonly QuoteBlock[], limit: number): Fitted[] {
  const full = blocks.map((b) => renderQuoteBlock(b));
  const total = full.reduce((a, f) => a + f.text.length, 0) + BLOCK_SEPARATOR.length * (blocks.length - 1);
  if (total <= limit) return full;
  const budgets = allocate(
    full.map((f) => f.text.length),
    limit - BLOCK_SEPARATOR.length * (blocks.length - 1),
  );
  return blocks.map((b, i) => renderQuoteBlock(b, budgets[i] ?? 0));
}

/** A whole paragraph (or footnote) with its citation and footnotes: the "Full paragraph" view. */
export function renderParagraph(block: QuoteBlock, title: string, reportTitle: string): RenderedAnswer {
  const fitted = renderQuoteBlock(block, LIMITS.embedDescription);
  return {
    embed: { title: truncate(escapeText(title), LIMITS.embedTitle), description: fitted.text, color: EMBED_COLOR, footer: footer(reportTitle) },
    truncated: fitted.truncated,
  };
}

/** A quote block as Markdown, for an attachment. */
export function blockMarkdown(block: QuoteBlock, title: string): string {
  return `# ${title}\n\n${blockQuote(block.text)}\n\n— ${block.citation}\n${block.footnotes.map((f) => `\n[${f.n}] ${f.text}\n`).join('')}`;
}

// ---------------------------------------------------------------- search

/** Search results: numbered snippets (≤ ~200 characters, cut at a word with "…"), each with its citation. */
export function renderSearch(query: string, quotes: readonly Quote[], reports: readonly ReportMeta[] = []): APIEmbed {
  const title = truncate(escapeText(`Search: ${query}`), LIMITS.embedTitle);
  if (quotes.length === 0) return { title, description: 'No passages found.', color: EMBED_COLOR };
  const titles = distinct(quotes.map((q) => q.documentTitle));
  const entries = (linked: boolean): string =>
    quotes
      .map((q, i) => {
        const block = quoteToBlock(q, titles.length > 1, linked ? reports.find((r) => r.id === q.document)?.sourceUrl : null);
        return `**${i + 1}.** ${truncate(escapeText(q.text), SNIPPET_LENGTH)}\n— ${block.citationMarkdown ?? escapeText(block.citation)}`;
      })
      .join(BLOCK_SEPARATOR);
  // Links only when they all fit: a description cut inside a link would break it.
  const linked = entries(true);
  const description = linked.length <= LIMITS.embedDescription ? linked : truncate(entries(false), LIMITS.embedDescription);
  return { title, description, color: EMBED_COLOR, footer: footer(titles.join(' · ')) };
}

// ---------------------------------------------------------------- about

/** What /about shows besides the reports (renderAboutReports). */
export interface AboutInfo {
  counts: { sections: number; paragraphs: number; footnotes: number; chunks: number };
  embedder: string;
  builtAt: Date;
}

// ---------------------------------------------------------------- limits check

/**
 * Every way a message payload (as sent to Discord, snake_case JSON) breaks
 * Discord's limits; empty when it is within them. Tests run it on every
 * payload the bot sends.
 */
export function limitViolations(payload: unknown): string[] {
  const out: string[] = [];
  if (typeof payload !== 'object' || payload === null) return out;
  const p = payload as { content?: unknown; embeds?: unknown; components?: unknown };
  const len = (v: unknown): number => (typeof v === 'string' ? v.length : 0);
  if (len(p.content) > LIMITS.content) out.push(`content ${len(p.content)} > ${LIMITS.content}`);
  const embeds = Array.isArray(p.embeds) ? (p.embeds as Record<string, unknown>[]) : [];
  if (embeds.length > LIMITS.embedsPerMessage) out.push(`${embeds.length} embeds > ${LIMITS.embedsPerMessage}`);
  let total = 0;
  embeds.forEach((e, i) => {
    const footerText = (e.footer as { text?: unknown } | undefined)?.text;
    const authorName = (e.author as { name?: unknown } | undefined)?.name;
    const check = (what: string, v: unknown, max: number): void => {
      if (len(v) > max) out.push(`embeds[${i}].${what} ${len(v)} > ${max}`);
      total += len(v);
    };
    check('title', e.title, LIMITS.embedTitle);
    check('description', e.description, LIMITS.embedDescription);
    check('footer.text', footerText, LIMITS.embedFooter);
    check('author.name', authorName, LIMITS.embedAuthor);
    const fields = Array.isArray(e.fields) ? (e.fields as { name?: unknown; value?: unknown }[]) : [];
    if (fields.length > LIMITS.embedFields) out.push(`embeds[${i}].fields ${fields.length} > ${LIMITS.embedFields}`);
    fields.forEach((f, j) => {
      check(`fields[${j}].name`, f.name, LIMITS.fieldName);
      check(`fields[${j}].value`, f.value, LIMITS.fieldValue);
    });
  });
  if (total > LIMITS.embedsTotal) out.push(`embeds total ${total} > ${LIMITS.embedsTotal}`);
  const rows = Array.isArray(p.components) ? (p.components as { components?: unknown }[]) : [];
  if (rows.length > LIMITS.actionRows) out.push(`${rows.length} rows > ${LIMITS.actionRows}`);
  rows.forEach((row, i) => {
    const children = Array.isArray(row.components) ? (row.components as { custom_id?: unknown; label?: unknown }[]) : [];
    if (children.length > LIMITS.buttonsPerRow) out.push(`components[${i}] has ${children.length} > ${LIMITS.buttonsPerRow}`);
    children.forEach((c, j) => {
      if (len(c.custom_id) > LIMITS.customId) out.push(`components[${i}][${j}].custom_id ${len(c.custom_id)} > ${LIMITS.customId}`);
      if (len(c.label) > LIMITS.buttonLabel) out.push(`components[${i}][${j}].label ${len(c.label)} > ${LIMITS.buttonLabel}`);
    });
  });
  return out;
}

// ---------------------------------------------------------------- help and report lists (helper REPORTS)

/** Text for inside `inline code`: Markdown is not rendered there, so only backticks and line breaks go, and mentions are made inert. */
function inlineCode(text: string): string {
  return neutralizeMentions(text.replace(/[`\r\n]+/gu, ' '));
}

export interface HelpInfo {
  /** The indexed report ids (for the `report:` examples). */
  reportIds: readonly string[];
  /** A footnote number and a section heading of the report, for the examples. */
  exampleFootnote: number;
  exampleSection: string;
}

/** The /help guide: what the bot does, then one line and an example per command. */
export function renderHelp(info: HelpInfo): APIEmbed {
  const id = info.reportIds[0] ?? 'report-id';
  const lines = [
    'Verbatim answers by **quoting the report word for word**, with section, page and ¶ — it never paraphrases. When the report does not say, it says so and points to the closest sections.',
    '',
    '**/ask** — a question; the answer quotes the passages that answer it.',
    '> `/ask question: How many polling stations did observers visit?`',
    '**/search** — words to find; short snippets, each with an Open button.',
    '> `/search query: voter lists`',
    '**/section** — a whole section, in the report’s own words (start typing a heading).',
    `> \`/section name: ${inlineCode(truncate(info.exampleSection, 60))}\``,
    '**/footnote** — a footnote and the sentence that carries it (start typing its number or words).',
    `> \`/footnote number: ${info.exampleFootnote}\``,
    '**/about** — the indexed reports: ids, titles, election dates, counts.',
    '**/config** — (Manage Server) the default report of this server or channel.',
    `> \`/config report: ${inlineCode(id)}\` · \`/config clear: True\``,
    '',
    `Mention the bot with a question, or ask in an ask channel, to get the same answer as /ask. Every command that searches takes \`report:\` to use one report only${info.reportIds.length > 1 ? ` (${info.reportIds.length} are indexed; see /about)` : ''}; \`private: True\` on /ask shows the answer to you alone.`,
  ];
  return { title: 'Verbatim — help', description: truncate(lines.join('\n'), LIMITS.embedDescription), color: EMBED_COLOR };
}

export interface AboutReport {
  id: string;
  shortTitle: string;
  electionDate: string;
  sections: number;
  footnotes: number;
  warnings: number;
}

/** One /about line per report: "• **Title** · `id` · election 2012-01-15 · 15 sections · 46 footnotes · no parser warnings". */
export function aboutReportLines(reports: readonly AboutReport[]): string {
  const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;
  return reports
    .map((r) => {
      const warnings = r.warnings === 0 ? 'no parser warnings' : plural(r.warnings, 'parser warning');
      return `• **${escapeText(r.shortTitle)}** · \`${r.id.replace(/`/gu, '')}\` · election ${escapeText(r.electionDate)} · ${plural(r.sections, 'section')} · ${plural(r.footnotes, 'footnote')} · ${warnings}`;
    })
    .join('\n');
}

/** /about: each report's id, election date and counts listed in the description (cut with "…" past Discord's limit), then the totals, the embedder and when the index was built. */
export function renderAboutReports(info: AboutInfo & { reports: readonly AboutReport[] }): APIEmbed {
  const unix = Math.floor(info.builtAt.getTime() / 1000);
  const field = (name: string, value: string) => ({ name, value: truncate(value, LIMITS.fieldValue) || '—', inline: true });
  const heading = info.reports.length === 1 ? '**Report**' : `**Reports (${info.reports.length})**`;
  const list = info.reports.length === 0 ? 'No reports are indexed.' : aboutReportLines(info.reports);
  return {
    title: 'Verbatim',
    description: truncate(`Answers questions about election-observation reports by quoting them verbatim, with citations.\n\n${heading}\n${list}`, LIMITS.embedDescription - 500),
    color: EMBED_COLOR,
    fields: [
      field('Sections', String(info.counts.sections)),
      field('Paragraphs', String(info.counts.paragraphs)),
      field('Footnotes', String(info.counts.footnotes)),
      field('Embedder', escapeText(info.embedder)),
      field('Index built', `<t:${unix}:f> (${info.builtAt.toISOString()})`),
    ],
    footer: { text: 'Use a report id in report: options, /config, and npm run ask -- --report <id>.' },
  };
}

/**
 * The abstention embed: "The report does not answer this question.", then
 * either the one line saying the question is in another language than the
 * report's, or the closest sections (which the message's buttons open); for
 * one vague word (text/vague.ts) or small talk (text/small-talk.ts), the one line saying so instead.
 */
export function renderAbstention(answer: Answer, options: { reportTitle?: string } = {}): RenderedAnswer {
  const title = truncate(escapeText(answer.question), LIMITS.embedTitle);
  const lines = answer.smallTalk ? [escapeText(smallTalkMessage('see /help'))] : answer.vague ? [escapeText(vagueMessage(answer.vague, 'use /search'))] : [notAnsweredLine(answer)];
  if (answer.language) lines.push('', escapeText(otherLanguageMessage(answer.language, answer.reportLanguage ?? 'en')));
  else if (answer.suggestions.length > 0) lines.push('', 'Closest sections:', ...answer.suggestions.map((s) => `• ${escapeText(s)}`));
  return {
    embed: { title, description: truncate(lines.join('\n'), LIMITS.embedDescription), color: EMBED_COLOR, ...(options.reportTitle ? { footer: footer(options.reportTitle) } : {}) },
    truncated: false,
  };
}
