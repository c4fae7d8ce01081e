/**
 * Citations that link their page (render/source-link.ts), answers grouped by
 * report, the Cite reference (render/reference.ts), and a Markdown-injection
 * test over every field the answer shows: a crafted sourceUrl, question,
 * titles, section name, quote, footnote, context line and cite fields.
 */
import { describe, expect, it } from 'vitest';
import { quote } from '../helpers/quote.js';
import type { Answer, Quote } from '../../src/answer/answer.js';
import type { ReportMeta } from '../../src/corpus/corpus.js';
import { CONTEXT_MAX, escapeText, groupByReport, LIMITS, limitViolations, longDate, renderAnswer, renderSearch, sectionPages, shownOrder } from '../../src/render/discord.js';
import { CITE_INTRO, referenceLine, renderReferences } from '../../src/render/reference.js';
import { MAX_LINK_URL, pageLink, pageUrl } from '../../src/render/source-link.js';
import { markdownThreats, pageLinks, SAFE_URL } from '../helpers/markdown.js';

const URL_OK = 'https://www.example.org/odihr/kz-2012.pdf';
/** Every character that could end a masked link or start Markdown, in a URL new URL() accepts. */
const HOSTILE_URL = "https://evil.example/a)[x](https://phish.example)<b>|'\"`*_~@everyone\\z?q=(1)&r=[2]#frag";

function meta(over: Partial<ReportMeta> = {}): ReportMeta {
  return {
    id: 'kz',
    shortTitle: 'Kazakhstan 2012 parliamentary – preliminary statement',
    fullTitle: 'International Election Observation, Republic of Kazakhstan, Early Parliamentary Elections – 15 January 2012: Statement of Preliminary Findings and Conclusions',
    country: 'Kazakhstan',
    electionType: 'Early parliamentary elections',
    electionDate: '2012-01-15',
    publisher: 'OSCE/ODIHR, OSCE PA and PACE',
    statementDate: '2012-01-16',
    statementPlace: 'Astana',
    language: 'en',
    sourceUrl: URL_OK,
    ...over,
  };
}

const answered = (quotes: Quote[], question = 'How was voting assessed?'): Answer => ({ answered: true, question, quotes, suggestions: [] });

describe('page links', () => {
  it('link sourceUrl#page=N as a masked link without preview, replacing any fragment', () => {
    expect(pageUrl(URL_OK, 11)).toBe(`${URL_OK}#page=11`);
    expect(pageUrl(`${URL_OK}#nameddest=x`, 3)).toBe(`${URL_OK}#page=3`);
    expect(pageLink(URL_OK, 11)).toBe(`[p. 11](<${URL_OK}#page=11>)`);
    expect(pageLink(undefined, 11)).toBe('p. 11');
  });

  it('encode everything that could end the link or read as Markdown, and stay the same URL', () => {
    const url = pageUrl(HOSTILE_URL, 5) ?? '';
    expect(url).toMatch(SAFE_URL);
    for (const ch of [')', '(', '<', '>', '[', ']', '|', '`', '*', '_', '~', '@', '"', "'", '\\', ' ']) expect(url).not.toContain(ch);
    expect(url).toBe('https://evil.example/a%29%5Bx%5D%28https://phish.example%29%3Cb%3E%7C%27%22%60%2A%5F%7E%40everyone/z?q=%281%29&r=%5B2%5D#page=5');
    expect(new URL(url).host).toBe('evil.example');
    expect(pageLinks(pageLink(HOSTILE_URL, 5))).toEqual([{ page: 5, url }]);
  });

  it('link the pages of /section too, hostile URL included, and only when the report has a sourceUrl', () => {
    const paragraphs = [
      { ordinal: 1, page: 11, text: 'Election day was calm throughout the country.' },
      { ordinal: 2, page: 12, text: 'Counting was assessed negatively.' },
    ];
    const linked = sectionPages(paragraphs, LIMITS.embedDescription, URL_OK).join('\n');
    expect(pageLinks(linked)).toEqual([
      { page: 11, url: `${URL_OK}#page=11` },
      { page: 12, url: `${URL_OK}#page=12` },
    ]);
    expect(linked).toContain(`**¶ 1** · [p. 11](<${URL_OK}#page=11>)`);
    const hostile = sectionPages(paragraphs, LIMITS.embedDescription, HOSTILE_URL).join('\n');
    expect(markdownThreats(hostile)).toEqual([]);
    expect(pageLinks(hostile).map((l) => l.page)).toEqual([11, 12]);
    expect(sectionPages(paragraphs).join('\n')).toContain('**¶ 1** · p. 11\n');
  });

  it.each([
    ['javascript:', 'javascript:alert(1)//'],
    ['a user and password', 'https://user:pw@example.org/a.pdf'],
    ['whitespace', 'https://example.org/a b'],
    ['a line break', 'https://example.org/a\n)'],
    ['not a URL', 'example.org/a.pdf'],
    ['an IPv6 host (brackets cannot be encoded)', 'http://[::1]/a.pdf'],
    ['too long to cite', `https://example.org/${'a'.repeat(MAX_LINK_URL)}`],
  ])('give no link for %s (the page shows unlinked)', (_what, url) => {
    expect(pageUrl(url, 3)).toBeNull();
    expect(pageLink(url, 3)).toBe('p. 3');
  });
});

describe('answers with links', () => {
  it('link each citation page; without a sourceUrl, nothing links', () => {
    const quotes = [quote(), quote({ page: 3, paragraph: null, footnote: 5, paragraphId: 'p15', chunkId: 'kz#fn5', text: 'Voter turnout was announced at 68.4 per cent.' })];
    const linked = renderAnswer(answered(quotes), { reports: [meta()] }).embed.description ?? '';
    expect(linked).toContain(`> ${escapeText(quotes[0]?.text ?? '')}\n— Election Day · [p. 11](<${URL_OK}#page=11>) · ¶ 4`);
    expect(linked).toContain(`— Election Day · [p. 3](<${URL_OK}#page=3>) · footnote 5`);
    const plain = renderAnswer(answered(quotes), { reports: [meta({ sourceUrl: undefined })] }).embed.description ?? '';
    expect(plain).toContain('— Election Day · p. 11 · ¶ 4');
    expect(plain).not.toContain('](');
    expect(renderAnswer(answered(quotes)).embed.description).toBe(plain);
  });

  it('never cut a link: short of room, a citation goes unlinked', () => {
    const long = 'word '.repeat(1200);
    const rendered = renderAnswer(answered([quote({ text: long }), quote({ text: long, page: 12 }), quote({ text: long, page: 13 })]), { reports: [meta({ sourceUrl: `https://example.org/${'a'.repeat(480)}` })] });
    const d = rendered.embed.description ?? '';
    expect(d.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(rendered.truncated).toBe(true);
    // Every "](" left is a whole page link.
    expect((d.match(/\]\(/gu) ?? []).length).toBe(pageLinks(d).length);
    expect(markdownThreats(d)).toEqual([]);
  });
});

describe('answers spanning several reports', () => {
  const other = meta({ id: 'am', shortTitle: 'Armenia 2013 presidential – final report', electionDate: '2013-02-18', sourceUrl: undefined });
  const quotes = [
    quote({ text: 'First from Kazakhstan.', chunkId: 'kz#p1.0', paragraphId: 'p1' }),
    quote({ text: 'First from Armenia.', document: 'am', documentTitle: other.shortTitle, chunkId: 'am#p2.0', paragraphId: 'p2', page: 4, paragraph: 2 }),
    quote({ text: 'Second from Kazakhstan.', chunkId: 'kz#p3.0', paragraphId: 'p3', page: 12, paragraph: 1 }),
  ];

  it('group the quotes by report under its short title and election date; no citation repeats a title', () => {
    const d = renderAnswer(answered(quotes), { reports: [meta(), other] }).embed.description ?? '';
    const kz = d.indexOf('**Kazakhstan 2012 parliamentary – preliminary statement** · elections of 15 January 2012\n> First from Kazakhstan.');
    const am = d.indexOf('**Armenia 2013 presidential – final report** · elections of 18 February 2013\n> First from Armenia.');
    expect(kz).toBe(0);
    expect(am).toBeGreaterThan(d.indexOf('> Second from Kazakhstan.'));
    expect(d.split('\n').filter((l) => l.startsWith('— ')).every((l) => !l.includes('Kazakhstan') && !l.includes('Armenia'))).toBe(true);
    expect(d).toContain(`— Election Day · [p. 12](<${URL_OK}#page=12>) · ¶ 1`);
    expect(d).toContain('— Election Day · p. 4 · ¶ 2');
    expect(shownOrder(quotes).map((q) => q.text)).toEqual(['First from Kazakhstan.', 'Second from Kazakhstan.', 'First from Armenia.']);
    expect(groupByReport(quotes).map((g) => [g.document, g.quotes.length])).toEqual([
      ['kz', 2],
      ['am', 1],
    ]);
  });

  it('a single report is named once, in the footer', () => {
    const embed = renderAnswer(answered([quotes[0] as Quote, quotes[2] as Quote]), { reports: [meta()] }).embed;
    expect(embed.footer?.text).toBe('Kazakhstan 2012 parliamentary – preliminary statement');
    expect(embed.description).not.toContain('Kazakhstan 2012 parliamentary');
    expect(embed.description).not.toContain('**');
  });

  it('dates read as written', () => {
    expect(longDate('2012-01-15')).toBe('15 January 2012');
    expect(longDate('2013-12-01')).toBe('1 December 2013');
    expect(longDate('someday')).toBe('someday');
  });
});

describe('the Cite reference', () => {
  it('names organisation, title, place and date, election date, page, section, ¶ or footnote, and the page URL', () => {
    const line = referenceLine({ meta: meta(), citation: { sectionPath: ['PRELIMINARY FINDINGS', 'Election Day'], page: 11, paragraph: 4, footnote: null } });
    expect(line).toBe(
      `OSCE/ODIHR, OSCE PA and PACE: “International Election Observation, Republic of Kazakhstan, Early Parliamentary Elections – 15 January 2012: Statement of Preliminary Findings and Conclusions”, Astana, 16 January 2012 (elections of 15 January 2012), p. 11, section “Election Day”, ¶ 4. ${URL_OK}#page=11`,
    );
    const note = referenceLine({ meta: meta({ sourceUrl: undefined }), citation: { sectionPath: ['Background'], page: 3, paragraph: 2, footnote: 5 } });
    expect(note).toMatch(/, p\. 3, section “Background”, footnote 5\.$/u);
    const text = renderReferences([{ meta: meta(), citation: { sectionPath: ['A'], page: 1, paragraph: 1, footnote: null } }]);
    expect(text.split('\n')).toEqual([CITE_INTRO, '```text', expect.stringContaining('p. 1, section “A”, ¶ 1.'), '```']);
  });

  it('fits 2,000 characters, one line per distinct reference, and never cuts a URL', () => {
    const big = meta({ fullTitle: 'Title '.repeat(66), publisher: 'Publisher '.repeat(30) });
    const items = [1, 2, 3, 4, 5].map((page) => ({ meta: big, citation: { sectionPath: ['S'], page, paragraph: 1, footnote: null } }));
    const text = renderReferences([...items, ...items]);
    expect(text.length).toBeLessThanOrEqual(LIMITS.content);
    expect(text.split('\n')).toHaveLength(2 + 5 + 1);
    for (const l of text.split('\n').slice(2, -1)) expect(l.endsWith('…') || /#page=\d+$/u.test(l)).toBe(true);
  });
});

describe('Markdown injection', () => {
  it('(the checker finds what it must: unescaped Markdown, foreign links, live mentions, unsafe link URLs)', () => {
    for (const bad of ['a **b**', 'a [x](https://e.example)', 'a [p. 2](<https://e.example/a)b#page=2>)', '`c`', '||s||', '~~t~~', '_u_', '@everyone', '<@123>', '# h', '- l', '[p. 2](<https://e.example/#page=3>)']) {
      expect(markdownThreats(bad), bad).not.toEqual([]);
    }
    expect(markdownThreats(escapeText('a **b** [x](https://e.example) `c` ||s|| ~~t~~ _u_ @everyone <@123>'))).toEqual([]);
    expect(markdownThreats('— x · [p. 2](<https://e.example/a.pdf#page=2>) · ¶ 1')).toEqual([]);
  });

  const crafted = {
    question: 'Did **they** say [click](https://evil.example/q) @everyone <@123456789012345678> `x` ||s|| ~~t~~ _u_ | v?',
    shortTitle: 'Title **b** [t](https://evil.example/t) @here `c` ||s|| ~~t~~',
    heading: 'Election ||Day|| [s](https://evil.example/s) **b** _i_ `c`',
    text: 'Text with **b** and [q](https://evil.example/q) and `c` and @everyone and <#123456789012345678> ~~x~~ | y.',
    footnote: 'Note [f](https://evil.example/f) **b** ~~x~~ `c` @here.',
    context: `Context [c](https://evil.example/c) **b** \`c\` @everyone ${'and more words '.repeat(12)}end.`,
  };
  const hostileMeta = meta({
    shortTitle: crafted.shortTitle,
    publisher: 'Org ```\n@everyone **x**',
    fullTitle: 'Full ``` title\n# heading\n[y](https://evil.example/y)',
    statementPlace: 'Place`',
    sourceUrl: HOSTILE_URL,
  });
  const other = meta({ id: 'am', shortTitle: 'Other **report** [o](https://evil.example/o)', sourceUrl: HOSTILE_URL });
  const quotes = [
    quote({ text: crafted.text, documentTitle: crafted.shortTitle, sectionPath: ['TOP', crafted.heading], section: `TOP › ${crafted.heading}`, footnotes: [{ n: 7, text: crafted.footnote }] }),
    quote({ text: crafted.footnote, documentTitle: crafted.shortTitle, sectionPath: [crafted.heading], footnote: 7, paragraphId: 'p9', chunkId: 'kz#fn7', page: 4, context: { text: crafted.context, paragraphId: 'p9', page: 4 } }),
  ];

  it('in an answer: the title, headings, citations, quote, footnote and context line carry no Markdown but the page links', () => {
    for (const [answer, reports] of [
      [answered(quotes, crafted.question), [hostileMeta]],
      [answered([...quotes, quote({ document: 'am', documentTitle: other.shortTitle, chunkId: 'am#p1.0', paragraphId: 'p1', text: crafted.text })], crafted.question), [hostileMeta, other]],
      [{ ...answered(quotes, crafted.question), searchedFor: crafted.question }, [hostileMeta]],
    ] as const) {
      const { embed } = renderAnswer(answer, { reports });
      expect(markdownThreats(embed.title ?? '')).toEqual([]);
      const d = embed.description ?? '';
      expect(markdownThreats(d)).toEqual([]);
      const links = pageLinks(d);
      expect(links.length).toBeGreaterThanOrEqual(2);
      for (const l of links) expect(l.url).toBe(pageUrl(HOSTILE_URL, l.page));
      // Each field is there, escaped (the context line cut at a word).
      expect(d).toContain(`> ${escapeText(crafted.text)}`);
      expect(d).toContain(`[7] ${escapeText(crafted.footnote)}`);
      expect(d).toContain(`In: “${escapeText(crafted.context.slice(0, 60))}`);
      expect(d).toContain(`— ${escapeText(crafted.heading)} · [p. 11](<`);
      expect(limitViolations({ embeds: [embed] })).toEqual([]);
    }
  });

  it('in /search results', () => {
    const embed = renderSearch(crafted.question, quotes, [hostileMeta]);
    expect(markdownThreats(embed.title ?? '')).toEqual([]);
    expect(markdownThreats(embed.description ?? '')).toEqual([]);
    expect(pageLinks(embed.description ?? '')).toHaveLength(2);
  });

  it('in the Cite reference: one code block, no backtick or line break from a field', () => {
    const text = renderReferences([{ meta: hostileMeta, citation: { sectionPath: [crafted.heading], page: 4, paragraph: null, footnote: 7 } }]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe('```text');
    expect(lines[3]).toBe('```');
    expect(lines[2]).not.toContain('`');
    expect(lines[2]).toContain(`#page=4`);
    expect(lines[2]?.endsWith(` ${pageUrl(HOSTILE_URL, 4)}`)).toBe(true);
  });

  it('the context line is cut at a word with "…"', () => {
    const { embed } = renderAnswer(answered([quotes[1] as Quote]), { reports: [meta()] });
    const line = (embed.description ?? '').split('\n').find((l) => l.startsWith('In: “')) ?? '';
    expect(line.endsWith('…”')).toBe(true);
    expect(line.length).toBeLessThanOrEqual('In: “”'.length + CONTEXT_MAX * 2);
  });
});
