import { describe, expect, it } from 'vitest';
import { quote } from '../helpers/quote.js';
import type { Answer, Quote } from '../../src/answer/answer.js';
import {
  allocate,
  answerMarkdown,
  citation,
  escapeText,
  LIMITS,
  limitViolations,
  neutralizeMentions,
  NOT_ANSWERED,
  renderAnswer,
  renderFootnote,
  renderQuoteBlock,
  renderQuoteBlocks,
  renderSearch,
  sectionPages,
  splitAtWords,
  truncate,
} from '../../src/render/discord.js';

const words = (n: number, word = 'observers'): string => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');

const answered = (quotes: Quote[]): Answer => ({ answered: true, question: 'How was voting assessed?', quotes, suggestions: [] });

describe('truncate', () => {
  it('keeps short text and cuts long text at a word with "…"', () => {
    expect(truncate('short', 10)).toBe('short');
    const cut = truncate('the quick brown fox jumps over the lazy dog', 20);
    expect(cut).toBe('the quick brown fox…');
    expect(cut.length).toBeLessThanOrEqual(20);
  });

  it('cuts a text without spaces mid-word, but marks it', () => {
    const cut = truncate('x'.repeat(50), 10);
    expect(cut).toBe(`${'x'.repeat(9)}…`);
  });

  it('never leaves a dangling escape backslash or half a surrogate pair', () => {
    expect(truncate('aaaa\\*bbbb', 6)).toBe('aaaa…');
    const emoji = truncate(`${'😀'.repeat(10)}`, 6);
    expect(emoji.endsWith('…')).toBe(true);
    expect(/[\uD800-\uDBFF]…$/u.test(emoji)).toBe(false);
  });

  it('splits long text into marked pieces that rebuild the words', () => {
    const text = words(300);
    const pieces = splitAtWords(text, 500);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(500);
    expect(pieces[0]?.endsWith('…')).toBe(true);
    expect(pieces[1]?.startsWith('…')).toBe(true);
    expect(pieces.map((p) => p.replace(/^…|…$/gu, '')).join(' ').split(/\s+/u)).toEqual(text.split(' '));
  });
});

describe('escaping', () => {
  it('escapes markdown so quotes cannot break formatting', () => {
    expect(escapeText('a *b* _c_ `d` ~~e~~ ||f||')).toBe('a \\*b\\* \\_c\\_ \\`d\\` \\~\\~e\\~\\~ \\|\\|f\\|\\|');
    expect(escapeText('- item\n1. first\n# Heading\n[link](http://x)')).not.toMatch(/^(- |1\. |# )/mu);
  });

  it('neutralises @everyone, @here, user, role and channel mentions', () => {
    const out = neutralizeMentions('@everyone @here <@123> <@!123> <@&456> <#789>');
    expect(out).not.toMatch(/@everyone|@here|<@\d|<@!\d|<@&\d|<#\d/u);
    expect(out.replace(/\u200b/gu, '')).toBe('@everyone @here <@123> <@!123> <@&456> <#789>');
  });
});

describe('citations', () => {
  it('names section heading, page and paragraph, or the footnote', () => {
    expect(citation({ sectionPath: ['PRELIMINARY FINDINGS', 'Election Day'], page: 11, paragraph: 4, footnote: null })).toBe('Election Day · p. 11 · ¶ 4');
    expect(citation({ sectionPath: ['PRELIMINARY FINDINGS', 'Background'], page: 3, paragraph: 1, footnote: 12 })).toBe('Background · p. 3 · footnote 12');
    expect(citation({ sectionPath: [], page: 1, paragraph: 2, footnote: null })).toBe('Preamble · p. 1 · ¶ 2');
  });
});

describe('allocate', () => {
  it('gives short items their length and splits the rest fairly', () => {
    expect(allocate([10, 1000, 1000], 610)).toEqual([10, 300, 300]);
    expect(allocate([10, 20], 100)).toEqual([10, 20]);
    expect(allocate([500, 500], 0)).toEqual([0, 0]);
  });
});

describe('answer embeds', () => {
  it('renders block quotes, citations, footnotes and the report in the footer', () => {
    const { embed, truncated } = renderAnswer(answered([quote({ footnotes: [{ n: 45, text: 'See the annex.' }] })]));
    expect(truncated).toBe(false);
    expect(embed.description).toBe('> Voting was positively assessed in 91.4 per cent of the polling stations visited.\n— Election Day · p. 11 · ¶ 4\n[45] See the annex.');
    expect(embed.footer?.text).toBe('Kazakhstan 2012 parliamentary – preliminary statement');
    expect(embed.title).toBe('How was voting assessed?');
  });

  it('says plainly when the report does not answer, with the closest sections', () => {
    const { embed } = renderAnswer({ answered: false, question: 'Who won?', quotes: [], suggestions: ['PRELIMINARY FINDINGS › Election Day'] }, { reportTitle: 'KZ' });
    expect(embed.description).toContain(NOT_ANSWERED);
    expect(embed.description).toContain('• PRELIMINARY FINDINGS › Election Day');
  });

  it('fits huge answers within every limit, shortening footnotes before quotes, and says it truncated', () => {
    const big = (i: number): Quote =>
      quote({ text: words(400, `q${i}_`), chunkId: `c${i}`, footnotes: [{ n: i + 1, text: words(200, `fn${i}_`) }, { n: i + 20, text: 'Short note.' }] });
    const answer = { ...answered(Array.from({ length: 10 }, (_, i) => big(i))), question: `${'why '.repeat(200)}?` };
    const { embed, truncated } = renderAnswer(answer);
    expect(truncated).toBe(true);
    expect(limitViolations({ embeds: [embed] })).toEqual([]);
    expect(embed.description?.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    // Every quote keeps its citation, and every cut is marked.
    expect(embed.description?.match(/— Election Day · p\. 11 · ¶ 4/gu)).toHaveLength(10);
    expect(embed.description).toContain('…');
    expect(embed.description).toContain('[21] Short note.');
    // The full text is available as Markdown.
    const md = answerMarkdown(answer);
    expect(md).toContain(words(400, 'q9_'));
    expect(md).toContain(words(200, 'fn9_'));
  });

  it('escapes quote text and neutralises mentions in it', () => {
    const { embed } = renderAnswer(answered([quote({ text: 'Votes for *all* @everyone <@&456>' })]));
    expect(embed.description).toContain('\\*all\\*');
    expect(embed.description).not.toMatch(/@everyone|<@&456>/u);
  });

  it('keeps one block within its budget', () => {
    const block = { text: words(300), citation: 'Election Day · p. 11 · ¶ 4', footnotes: [{ n: 3, text: words(300, 'note') }] };
    for (const budget of [200, 500, 1000, 4096]) {
      const { text } = renderQuoteBlock(block, budget);
      expect(text.length).toBeLessThanOrEqual(budget);
      expect(text).toContain('— Election Day · p. 11 · ¶ 4');
    }
    expect(renderQuoteBlocks([block, block, block], 3000).text.length).toBeLessThanOrEqual(3000);
  });
});

describe('sections, footnotes, search', () => {
  it('pages a long section without cutting mid-word', () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => ({ ordinal: i + 1, page: 5 + Math.floor(i / 4), text: words(i === 5 ? 1200 : 60, `w${i}z`) }));
    const pages = sectionPages(paragraphs);
    expect(pages.length).toBeGreaterThan(2);
    for (const p of pages) expect(p.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    const all = pages.join('\n\n');
    for (let i = 0; i < 12; i++) expect(all).toContain(`**¶ ${i + 1}** · p. ${5 + Math.floor(i / 4)}`);
    expect(all).toContain('**¶ 6** · p. 6 (cont.)');
    // Every word of every paragraph is there once.
    const found = all.replace(/…/gu, ' ').split(/\s+/u).filter((w) => /^w\d+z\d+$/u.test(w));
    expect(found).toHaveLength(11 * 60 + 1200);
  });

  it('renders a footnote with the sentence carrying its marker', () => {
    const { embed } = renderFootnote({ n: 12, text: 'Other laws apply.', page: 4, sectionPath: ['A', 'Legal Framework'], carrier: { text: 'Elections are regulated.', page: 4, paragraph: 2 }, reportTitle: 'KZ' });
    expect(embed.title).toBe('Footnote 12');
    expect(embed.description).toBe('> [12] Other laws apply.\n— Legal Framework · p. 4 · footnote 12\n\nMarked in:\n> Elections are regulated.\n— Legal Framework · p. 4 · ¶ 2');
  });

  it('shows search results as short snippets cut at a word', () => {
    const embed = renderSearch('turnout', [quote({ text: words(100) }), quote()]);
    const first = embed.description?.split('\n')[0] ?? '';
    expect(first.startsWith('**1.** ')).toBe(true);
    expect(first.endsWith('…')).toBe(true);
    expect(first.length).toBeLessThanOrEqual('**1.** '.length + 200);
    expect(embed.description).toContain('**2.** Voting was positively assessed');
  });
});

describe('limitViolations', () => {
  it('reports each limit that a payload breaks', () => {
    const bad = {
      content: 'x'.repeat(2001),
      embeds: [{ title: 't'.repeat(257), description: 'd'.repeat(4097), fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v'.repeat(1025) })) }],
      components: [{ components: [{ custom_id: 'c'.repeat(101), label: 'l' }] }],
    };
    const v = limitViolations(bad);
    expect(v.join('\n')).toMatch(/content 2001/u);
    expect(v.join('\n')).toMatch(/title 257/u);
    expect(v.join('\n')).toMatch(/description 4097/u);
    expect(v.join('\n')).toMatch(/fields 26/u);
    expect(v.join('\n')).toMatch(/value 1025/u);
    expect(v.join('\n')).toMatch(/embeds total/u);
    expect(v.join('\n')).toMatch(/custom_id 101/u);
    expect(limitViolations({ content: 'ok', embeds: [{ description: 'fine' }] })).toEqual([]);
  });
});
