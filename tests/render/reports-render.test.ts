/** /help, /about's report list and abstentions: within Discord's limits, with every field from a report or a user escaped. */
import { describe, expect, it } from 'vitest';
import { aboutReportLines, escapeText, limitViolations, NOT_ANSWERED, renderAboutReports, renderAbstention, renderHelp } from '../../src/render/discord.js';

const EVIL = '**bold** [link](https://evil.example) @everyone <@123456789012345678> `code` # heading';

describe('report rendering', () => {
  it('escapes a crafted report title and date in /about, and stays within the limits with 200 reports', () => {
    const line = aboutReportLines([{ id: 'kz-1', shortTitle: EVIL, electionDate: '2012-01-15', sections: 1, footnotes: 0, warnings: 2 }]);
    expect(line).toContain('\\*\\*bold\\*\\*');
    expect(line).toContain('\\[link](');
    expect(line).toContain('@\u200beveryone');
    expect(line).toContain('<@\u200b123456789012345678>');
    expect(line).toContain('· 1 section · 0 footnotes · 2 parser warnings');
    const many = Array.from({ length: 200 }, (_, i) => ({ id: `report-${i}`, shortTitle: `${EVIL} ${i}`, electionDate: '2020-01-01', sections: 10, footnotes: 20, warnings: 0 }));
    const embed = renderAboutReports({ reports: many, counts: { sections: 1, paragraphs: 1, footnotes: 1, chunks: 1 }, embedder: 'e', builtAt: new Date(0) });
    expect(limitViolations({ embeds: [embed] })).toEqual([]);
    expect(embed.description).toMatch(/…$/u);
  });

  it('escapes a crafted section heading in /help and in an abstention', () => {
    const help = renderHelp({ reportIds: ['kz-1'], exampleFootnote: 3, exampleSection: 'Media `x` @everyone' });
    expect(help.description).toContain('`/section name: Media  x  @\u200beveryone`');
    expect(limitViolations({ embeds: [help] })).toEqual([]);
    const { embed } = renderAbstention({ answered: false, question: EVIL, quotes: [], suggestions: [EVIL] });
    expect(embed.title).not.toContain('**bold**');
    expect(embed.description).toBe(`${NOT_ANSWERED}\n\nClosest sections:\n• ${escapeText(EVIL)}`);
    expect(escapeText(EVIL)).toContain('\\[link](');
    expect(escapeText(EVIL)).toContain('\\*\\*bold\\*\\*');
    const other = renderAbstention({ answered: false, question: 'Какой?', quotes: [], suggestions: [], language: { code: 'ru', name: 'Russian' }, reportLanguage: 'en' });
    expect(other.embed.description).toBe(`${NOT_ANSWERED}\n\nThis looks like Russian; the report is in English, so please ask in English.`);
  });

  it('small talk: the one line saying so and pointing at /help, not "does not answer"', () => {
    const { embed } = renderAbstention({ answered: false, question: 'ok thanks', quotes: [], suggestions: [], smallTalk: true });
    expect(embed.description).toBe('That reads as small talk, not a question: ask me something about the reports, e.g. “What was the turnout?”, or see /help.');
  });

  it('a vague word: the one line asking for a whole question and pointing at /search, not "does not answer"', () => {
    const { embed } = renderAbstention({ answered: false, question: 'clear', quotes: [], suggestions: [], vague: 'clear' });
    expect(embed.description).toBe('“clear” alone is too vague to answer: please ask a whole question, or use /search to list the passages that use it.');
  });
});
