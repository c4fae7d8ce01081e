/**
 * Checks that a text the bot renders as Discord Markdown holds no Markdown
 * but the bot's own: its page links `[p. N](<url>)` (the URL of the safe
 * character set only), bold group headings and numbers, block quotes.
 * Everything else that would format, link or mention must be escaped.
 */

/** The bot's own page link. */
export const PAGE_LINK = /\[p\. (\d+)\]\(<([^<>\s]*)>\)/gu;
/** What a linked page URL may hold (render/source-link.ts SAFE). */
export const SAFE_URL = /^https?:\/\/[A-Za-z0-9\-.:/?#=&%+,;!$]+#page=\d+$/u;

/** Every page link in `text`: its page and URL. */
export function pageLinks(text: string): { page: number; url: string }[] {
  return [...text.matchAll(PAGE_LINK)].map((m) => ({ page: Number(m[1]), url: m[2] ?? '' }));
}

/** What in `text` is Markdown (or a mention) that the bot did not mean; empty when nothing is. */
export function markdownThreats(text: string): string[] {
  const out: string[] = [];
  for (const link of pageLinks(text)) {
    if (!SAFE_URL.test(link.url)) out.push(`unsafe link URL ${link.url}`);
    if (!link.url.endsWith(`#page=${link.page}`)) out.push(`link to the wrong page ${link.url}`);
  }
  const rest = text
    .replace(PAGE_LINK, 'p. $1')
    // Bold group headings ("**Title** · elections of …") and search result numbers ("**1.** "): the bot's own.
    .replace(/^\*\*(.+?)\*\*(?= · elections of |$)/gmu, '$1')
    .replace(/^\*\*\d+\.\*\* /gmu, '')
    .replace(/^\*\*¶ \d+\*\* · /gmu, '');
  const unescaped = (pattern: string): RegExp => new RegExp(`(?<!\\\\)${pattern}`, 'u');
  for (const [what, pattern] of [
    ['a link', '\\[[^\\]\\n]*\\]\\('],
    ['bold, italics or a list', '\\*'],
    ['underline or italics', '_'],
    ['strike-through', '~'],
    // A lone "|" formats nothing in Discord; "||" is a spoiler.
    ['a spoiler', '\\|\\|'],
    ['code', '`'],
  ] as const) {
    if (unescaped(pattern).test(rest)) out.push(`unescaped ${what}: ${JSON.stringify(rest.match(new RegExp(`.{0,30}${unescaped(pattern).source}.{0,30}`, 'u'))?.[0] ?? '')}`);
  }
  if (/\]\(</u.test(rest)) out.push('a link that is not a page link');
  if (/@(everyone|here)/u.test(rest)) out.push('a live @everyone/@here');
  if (/<(@[!&]?|#)\d/u.test(rest)) out.push('a live user, role or channel mention');
  for (const line of rest.split('\n')) if (/^(#{1,3} |[-+] |\d+\. )/u.test(line)) out.push(`a heading or list line: ${line.slice(0, 40)}`);
  return out;
}

/** Undoes Discord escaping (backslashes before Markdown characters, the zero-width space after "@" or "<@"): the text as a reader sees it. */
export function unescapeShown(text: string): string {
  return text.replace(/\\([\\*_~|`[\]()#>.\-+<:])/gu, '$1').replace(/\u200b/gu, '');
}
