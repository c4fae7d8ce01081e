/**
 * Answer → text for a terminal: block quotes, citations, footnotes.
 *
 * The report title is named once, above the quotes, when they all come from
 * one report; quotes from several reports are grouped under each report's
 * title and election date. A footnote quote shows the body sentence carrying
 * its marker above it ("In: “…”"), cut at a word with "…" when long.
 *
 * Style: `width` wraps every line at a word (wrap-ansi; null = no wrapping,
 * for pipes), and `color` adds ANSI colours (picocolors; off = plain text, no
 * escape codes at all). See terminalStyle for how the session picks both.
 */
import pc from 'picocolors';
import wrapAnsi from 'wrap-ansi';
import { notAnsweredLine, type Answer, type Quote } from '../answer/answer.js';
import { otherLanguageMessage } from '../text/language.js';
import { smallTalkMessage } from '../text/small-talk.js';
import { vagueMessage } from '../text/vague.js';

export interface TerminalStyle {
  /** Columns to wrap at; null: no wrapping. */
  width: number | null;
  /** ANSI colours. */
  color: boolean;
}

/** Plain, unwrapped text (pipes, tests). */
export const PLAIN: TerminalStyle = { width: null, color: false };

/** The narrowest wrap width used (a very narrow terminal still gets readable lines). */
export const MIN_WIDTH = 40;

/**
 * The style for an output stream: on a TTY, wrapped at its width (80 when it
 * does not say) and coloured unless NO_COLOR is set (https://no-color.org);
 * otherwise (a pipe, a file) neither wrapped nor coloured, so each quote
 * stays one line for grep and scripts.
 */
export function terminalStyle(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv = process.env): TerminalStyle {
  if (stream.isTTY !== true) return PLAIN;
  const columns = typeof stream.columns === 'number' && stream.columns > 0 ? stream.columns : 80;
  return { width: Math.max(MIN_WIDTH, columns), color: env.NO_COLOR === undefined || env.NO_COLOR === '' };
}

/** How long the footnote context line ("In: “…”") may be, in characters, before it is cut. */
export const CONTEXT_MAX = 160;

/** `text` cut to at most `max` characters at a word boundary, with "…" when cut. */
export function cutAtWord(text: string, max: number): string {
  const t = text.replace(/\s+/gu, ' ').trim();
  if (t.length <= max) return t;
  const head = t.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > max / 2 ? head.slice(0, space) : head).replace(/[\s,;:.]+$/u, '')}…`;
}

/** Section · page · ¶/footnote, with the report title first when `withTitle`. */
export function citationLine(q: Quote, withTitle = true): string {
  const parts = withTitle ? [q.documentTitle, q.section, `p. ${q.page}`] : [q.section, `p. ${q.page}`];
  if (q.footnote !== null) parts.push(`footnote ${q.footnote}`);
  else if (q.paragraph !== null) parts.push(`¶ ${q.paragraph}`);
  return parts.join(' · ');
}

/** A report's title and election date, for grouping quotes from several reports. */
export interface ReportLabel {
  shortTitle: string;
  electionDate: string;
}

export interface RenderOptions extends Partial<TerminalStyle> {
  /** Reports by id (their election dates head the groups when quotes come from several). */
  reports?: ReadonlyMap<string, ReportLabel>;
}

/** Columns a (possibly coloured) prefix takes: its length without SGR escape codes. */
function visibleLength(text: string): number {
  return text.replace(/\u001b\[[0-9;]*m/gu, '').length;
}

/** A styler: wraps lines to the width and colours them. */
export class Styler {
  readonly width: number | null;
  private readonly c: ReturnType<typeof pc.createColors>;

  constructor(style: Partial<TerminalStyle> = {}) {
    this.width = style.width ?? null;
    this.c = pc.createColors(style.color ?? false);
  }

  get colors(): ReturnType<typeof pc.createColors> {
    return this.c;
  }

  /** `text` wrapped to the width, the first line prefixed with `first`, the others with `rest` (a hanging indent). */
  wrap(text: string, first = '', rest = first): string[] {
    if (this.width === null) return [`${first}${text}`];
    const room = Math.max(10, this.width - Math.max(visibleLength(first), visibleLength(rest)));
    return wrapAnsi(text, room, { hard: true, trim: true }).split('\n').map((line, i) => `${i === 0 ? first : rest}${line}`);
  }

  /** A block: each source line wrapped, prefixed with `prefix` (and its continuation lines with `rest`). */
  block(text: string, prefix: string, rest = prefix): string[] {
    return text.split('\n').flatMap((line, i) => this.wrap(line, i === 0 ? prefix : rest, rest));
  }
}

function quoteLines(s: Styler, q: Quote, withTitle: boolean): string[] {
  const c = s.colors;
  const out: string[] = [];
  if (q.context) out.push(...s.wrap(c.dim(`In: “${cutAtWord(q.context.text, CONTEXT_MAX)}”`)));
  out.push(...s.block(q.text, c.cyan('> ')));
  out.push(...s.wrap(c.dim(`— ${citationLine(q, withTitle)}`), '  ', '    '));
  for (const f of q.footnotes) out.push(...s.wrap(c.dim(`[${f.n}] ${f.text}`), '  ', '      '));
  out.push('');
  return out;
}

export function renderAnswerText(answer: Answer, options: RenderOptions = {}): string {
  const s = new Styler(options);
  const c = s.colors;
  const out: string[] = [];
  if (answer.searchedFor) out.push(...s.wrap(c.dim(`Searched for: ${answer.searchedFor}`)), '');
  if (!answer.answered) {
    if (answer.smallTalk) return [...out, ...s.wrap(c.yellow(smallTalkMessage('type help')))].join('\n');
    if (answer.vague) return [...out, ...s.wrap(c.yellow(vagueMessage(answer.vague, 'search for the word')))].join('\n');
    out.push(...s.wrap(c.yellow(notAnsweredLine(answer))));
    if (answer.language) out.push(...s.wrap(otherLanguageMessage(answer.language, answer.reportLanguage)));
    if (answer.suggestions.length > 0) out.push('', 'Closest sections:', ...answer.suggestions.flatMap((x) => s.wrap(x, '  - ', '    ')));
    return out.join('\n');
  }
  const reportIds = [...new Set(answer.quotes.map((q) => q.document))];
  if (reportIds.length <= 1) {
    const title = answer.quotes[0]?.documentTitle;
    if (title) out.push(...s.wrap(c.bold(`From: ${title}`)), '');
    for (const q of answer.quotes) out.push(...quoteLines(s, q, false));
  } else {
    for (const id of reportIds) {
      const quotes = answer.quotes.filter((q) => q.document === id);
      const label = options.reports?.get(id);
      const title = label?.shortTitle ?? quotes[0]?.documentTitle ?? id;
      out.push(...s.wrap(c.bold(label ? `${title} (election of ${label.electionDate})` : title)), '');
      for (const q of quotes) out.push(...quoteLines(s, q, false));
    }
  }
  return out.join('\n').trimEnd();
}
