/**
 * The "Cite" reply: a ready-to-paste reference for each quote of an answer,
 * in a Discord code block so it pastes as plain text:
 *
 *   OSCE/ODIHR, …: “International Election Observation, …”, Astana,
 *   16 January 2012 (elections of 15 January 2012), p. 5, section “Election
 *   Day”, ¶ 3. https://…/file.pdf#page=5
 *
 * Organisation (the metadata's publisher), full title, place and date of the
 * statement, election date, page, section and ¶ (or footnote n), and the
 * page's URL when the report has a sourceUrl. Inside a code block nothing
 * renders as Markdown or as a mention, and a backslash would show as itself,
 * so escaping means: no backtick can close the block (each becomes "'"), and
 * no line break or control character can start a new line of its own.
 */
import type { ReportMeta } from '../corpus/corpus.js';
import { headingOf, LIMITS, longDate, truncate, type CitationParts } from './discord.js';
import { pageUrl } from './source-link.js';

/** A field of a reference, safe inside a code block: one line, no backtick. */
export function codeBlockSafe(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\s]+/gu, ' ')
    .replace(/`/gu, "'")
    .trim();
}

export interface ReferenceItem {
  meta: ReportMeta;
  citation: CitationParts;
}

/** One quote's reference, on one line. */
export function referenceLine(item: ReferenceItem): string {
  const { meta, citation: c } = item;
  const place = meta.statementPlace ? `${codeBlockSafe(meta.statementPlace)}, ` : '';
  const where = [`p. ${c.page}`];
  if (c.sectionPath.length > 0) where.push(`section “${codeBlockSafe(headingOf(c.sectionPath))}”`);
  if (c.footnote !== null) where.push(`footnote ${c.footnote}`);
  else if (c.paragraph !== null) where.push(`¶ ${c.paragraph}`);
  const url = pageUrl(meta.sourceUrl, c.page);
  return `${codeBlockSafe(meta.publisher)}: “${codeBlockSafe(meta.fullTitle)}”, ${place}${longDate(meta.statementDate)} (elections of ${longDate(meta.electionDate)}), ${where.join(', ')}.${url ? ` ${url}` : ''}`;
}

export const CITE_INTRO = 'Reference for the quotes of this answer (copy it from the box):';

/** The whole reply: a one-line intro and the references, one per line, in a code block, within 2,000 characters. */
export function renderReferences(items: readonly ReferenceItem[]): string {
  const lines = [...new Set(items.map(referenceLine))];
  const fence = '```';
  const overhead = `${CITE_INTRO}\n${fence}text\n\n${fence}`.length + lines.length;
  const each = Math.floor((LIMITS.content - overhead) / Math.max(1, lines.length));
  // A line too long to fit is cut at a word (with "…"); a URL is never cut (it goes whole or not at all).
  const fitted = lines.map((l) => (l.length <= each ? l : truncate(l.replace(/ https?:\/\/\S+$/u, ''), each)));
  return `${CITE_INTRO}\n${fence}text\n${fitted.join('\n')}\n${fence}`;
}
