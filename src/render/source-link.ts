/**
 * Links from a citation to its page in the source PDF: `sourceUrl#page=N`,
 * written into Discord Markdown as a masked link `[p. N](<url>)` (the angle
 * brackets: no preview).
 *
 * The URL comes from a metadata file, so it is treated as hostile: it is
 * parsed with `new URL()` (http and https only, no credentials), serialised
 * again, its fragment replaced by `page=N`, and every character outside a
 * small safe set is percent-encoded. Whatever could end the link or read as
 * Markdown — `(` `)` `<` `>` `[` `]` `|` `` ` `` `*` `_` `~` `\` `"` `'` `@`,
 * whitespace, control characters — never reaches the message as itself.
 * A URL that cannot be made safe, or is too long to fit a citation, gives
 * no link (the page is shown as plain text).
 */
import { parseHttpUrl } from '../corpus/source-url.js';

/** Longest page URL linked; a longer one would crowd the 4,096 characters of an answer (the page is shown unlinked). */
export const MAX_LINK_URL = 512;

/** Characters left as they are in a linked URL; everything else is percent-encoded. */
const SAFE = /^[A-Za-z0-9\-.:/?#=&%+,;!$]$/u;

/** Percent-encodes every character outside SAFE (as UTF-8 bytes). */
function encodeUnsafe(text: string): string {
  let out = '';
  for (const ch of text) {
    if (SAFE.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `sourceUrl#page=N`, safe to put inside `(<…>)` in Discord Markdown; null when there is no safe link. */
export function pageUrl(sourceUrl: string | undefined | null, page: number): string | null {
  if (!sourceUrl || !Number.isInteger(page) || page < 1) return null;
  const url = parseHttpUrl(sourceUrl);
  if (!url) return null;
  url.hash = `page=${page}`;
  const out = encodeUnsafe(url.href);
  // The re-serialised, encoded URL must still be a URL of the same kind (a check, not a repair).
  if (!parseHttpUrl(out) || out.length > MAX_LINK_URL) return null;
  return out;
}

/** `[p. N](<url>)` when there is a safe link, otherwise plain `p. N`. */
export function pageLink(sourceUrl: string | undefined | null, page: number): string {
  const url = pageUrl(sourceUrl, page);
  return url ? `[p. ${page}](<${url}>)` : `p. ${page}`;
}
