/**
 * Issue 14 (helper LINKS), through the real discord.js client against the
 * fake Discord, on the committed index: citations link their page to
 * sourceUrl#page=N; a footnote quote shows, above it, the sentence carrying
 * its marker (cut at a word, verbatim); one "Full paragraph"/"Full footnote"
 * per passage quoted; "Cite" gives an ephemeral ready-to-paste reference;
 * /search shows one result per paragraph; a crafted metadata file or
 * question cannot inject Markdown.
 *
 * The committed report has no sourceUrl (no official address is documented
 * in the repository), so these tests give its loaded metadata one, parsed
 * by the metadata schema as a metadata file's would be.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { APIUser } from 'discord-api-types/v10';
import { collapse, type Quote } from '../../src/answer/answer.js';
import { PASSAGES_PER_ANSWER, STALE_MESSAGE } from '../../src/bot/views.js';
import { ReportMetaSchema, type ReportMeta } from '../../src/corpus/corpus.js';
import type { Engine } from '../../src/engine/engine.js';
import { escapeText, headingOf, shownOrder } from '../../src/render/discord.js';
import { pageUrl } from '../../src/render/source-link.js';
import type { InteractionHandle } from '../fake-discord/index.js';
import { markdownThreats, pageLinks } from '../helpers/markdown.js';
import { unescapeShown } from '../helpers/markdown.js';
import { button, buttonsOf, contentOf, embedOf, EPHEMERAL, expectAllPayloadsSafe, fixedEngines, flagsOf, type Harness, openTestEngine, rowsOf, startHarness, stopHarness } from './harness.js';

const URL_OK = 'https://www.example.org/odihr/kazakhstan-2012-preliminary.pdf';
const HOSTILE_URL = "https://evil.example/a)[x](https://phish.example)<b>|'\"`*_~@everyone\\z?q=(1)#frag";
/** A footnote quote (fn 5, about 2007) with its marker sentence, and two paragraphs. */
const TURNOUT_2007 = 'What was the turnout in the 2007 elections?';
/** A footnote quote whose marker sentence is longer than the context line allows. */
const RFOM = 'What did the RFoM say about internet?';

let engine: Engine;
let h: Harness;
let original: ReportMeta;
let alice: APIUser;
/** The report's text as the reader has it: every paragraph and footnote, whitespace collapsed. */
let reportText: string;

/** Gives the loaded report new metadata, validated by the metadata schema. */
function setMeta(over: Partial<Record<keyof ReportMeta, unknown>>): void {
  const report = engine.reports[0];
  if (!report) throw new Error('no report');
  report.meta = ReportMetaSchema.parse({ ...original, ...over });
}

beforeAll(async () => {
  engine = await openTestEngine();
  original = { ...(engine.reports[0]?.meta as ReportMeta) };
  const doc = engine.reports[0]?.document;
  reportText = collapse([...(doc?.paragraphs ?? []).map((p) => p.text), ...(doc?.footnotes ?? []).map((f) => f.text)].join('\n'));
  h = await startHarness({ engines: fixedEngines(engine) });
});

beforeEach(() => {
  alice = h.user('alice');
  setMeta({ sourceUrl: URL_OK });
});

afterAll(async () => {
  if (engine && original) engine.reports[0]!.meta = original;
  await stopHarness(h, engine);
});

const ask = async (question: string, user: APIUser = alice): Promise<unknown> => (await (await h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question }, user })).editOriginal()).body;
const click = (customId: string): Promise<InteractionHandle> => h.fake.sendInteraction({ kind: 'button', customId, user: alice });

async function ephemeral(customId: string): Promise<unknown> {
  const cb = await (await click(customId)).callback();
  expect(cb.body).toMatchObject({ type: 4 });
  expect(flagsOf(cb.body) & EPHEMERAL).toBe(EPHEMERAL);
  return cb.body;
}

/** Every block-quoted line, footnote line ("[n] …") and "In: “…”" context line of a description, as a reader sees it, is in the report. */
function expectVerbatim(description: string): { quotes: number; contexts: string[] } {
  let quotes = 0;
  const contexts: string[] = [];
  for (const line of description.split('\n')) {
    if (line.startsWith('> ')) {
      quotes++;
      // A footnote shown whole is labelled with its number ("> [5] …"): the label is the bot's, the text the report's.
      const shown = collapse(unescapeShown(line.slice(2)).replace(/^\[\d+\] /u, '').replace(/…$/u, ''));
      expect(reportText.includes(shown), `quote not verbatim: ${shown}`).toBe(true);
    }
    const note = /^\[\d+\] (.*)$/u.exec(line);
    if (note) {
      const shown = collapse(unescapeShown(note[1] ?? '').replace(/…$/u, ''));
      expect(reportText.includes(shown), `footnote not verbatim: ${shown}`).toBe(true);
    }
    const context = /^In: “(.*)”$/u.exec(line);
    if (context) {
      const shown = collapse(unescapeShown(context[1] ?? '').replace(/…$/u, ''));
      expect(reportText.includes(shown), `context not verbatim: ${shown}`).toBe(true);
      contexts.push(context[1] ?? '');
    }
  }
  return { quotes, contexts };
}

/** The answer the bot gives (it asks for exactly PASSAGES_PER_ANSWER passages). */
const botAnswer = (question: string): ReturnType<Engine['ask']> => engine.ask(question, { k: PASSAGES_PER_ANSWER });

const where = (q: Quote): string => (q.footnote !== null ? `footnote ${q.footnote}` : `¶ ${q.paragraph}`);

describe('an answer', () => {
  it("links every citation's page to sourceUrl#page=N (masked, no preview); every quote and context line is verbatim", async () => {
    const expected = shownOrder((await botAnswer(TURNOUT_2007)).answer.quotes);
    expect(expected.some((q) => q.footnote !== null && q.context)).toBe(true);
    const embed = embedOf(await ask(TURNOUT_2007));
    const d = embed.description ?? '';
    for (const q of expected) {
      expect(d).toContain(`> ${escapeText(q.text)}\n— ${escapeText(headingOf(q.sectionPath))} · [p. ${q.page}](<${URL_OK}#page=${q.page}>) · ${where(q)}`);
    }
    expect(pageLinks(d).map((l) => l.page)).toEqual(expected.map((q) => q.page));
    const { quotes, contexts } = expectVerbatim(d);
    expect(quotes).toBe(expected.length);
    // The footnote about 2007 is read in its place: the body sentence carrying its marker, in one line above it.
    const note = expected.find((q) => q.footnote !== null);
    expect(d).toContain(`In: “${escapeText(note?.context?.text ?? 'missing')}”\n> ${escapeText(note?.text ?? '')}`);
    expect(contexts).toHaveLength(1);
    expect(markdownThreats(d)).toEqual([]);
    expect(embed.footer?.text).toBe(original.shortTitle);
  });

  it('cuts a long context line at a word with "…", still verbatim', async () => {
    const quotes = (await botAnswer(RFOM)).answer.quotes.filter((x) => x.context);
    const long = quotes.find((x) => (x.context?.text.length ?? 0) > 160);
    const context = long?.context?.text ?? '';
    expect(context.length).toBeGreaterThan(160);
    const { contexts } = expectVerbatim(embedOf(await ask(RFOM)).description ?? '');
    expect(contexts).toHaveLength(quotes.length);
    const shown = unescapeShown(contexts[quotes.indexOf(long as Quote)] ?? '');
    expect(shown.endsWith('…')).toBe(true);
    const kept = shown.slice(0, -1);
    expect(context.startsWith(kept)).toBe(true);
    expect(context.charAt(kept.length)).toMatch(/\s/u);
  });

  it('without a sourceUrl, pages are plain text', async () => {
    setMeta({ sourceUrl: undefined });
    const d = embedOf(await ask(TURNOUT_2007)).description ?? '';
    expect(d).not.toContain('](');
    expect(d).toMatch(/ · p\. \d+ · /u);
  });
});

describe('the buttons of an answer', () => {
  it('row 1: one "Full paragraph"/"Full footnote" per passage quoted, then "More passages"; row 2: "Cite", 👍, 👎; each opens its own passage', async () => {
    const result = await botAnswer(TURNOUT_2007);
    const expected = shownOrder(result.answer.quotes);
    const body = await ask(TURNOUT_2007);
    const labels = expected.map((q) => (q.footnote !== null ? `Full footnote ${q.footnote} · p. ${q.page}` : `Full paragraph · p. ${q.page} ¶ ${q.paragraph}`));
    expect(new Set(labels).size).toBe(expected.length);
    expect(rowsOf(body)).toEqual([[...labels, ...(result.ranked.length > expected.length ? ['More passages'] : [])], ['Cite', '👍', '👎']]);
    const shown = new Set<string>();
    for (const [i, q] of expected.entries()) {
      const opened = embedOf(await ephemeral(button(body, labels[i] ?? '').custom_id)).description ?? '';
      if (q.footnote !== null) {
        const f = engine.footnote(q.footnote);
        expect(opened).toContain(`> [${q.footnote}] ${escapeText(f?.footnote.text ?? 'missing')}`);
      } else {
        expect(opened).toContain(`> ${escapeText(engine.paragraphOfChunk(q.chunkId)?.paragraph.text ?? 'missing')}`);
      }
      // The whole passage's citation links its page too.
      expect(opened).toMatch(new RegExp(` · \\[p\\. \\d+\\]\\(<${URL_OK.replace(/[.]/gu, '\\.')}#page=\\d+>\\) · `, 'u'));
      expect(markdownThreats(opened)).toEqual([]);
      expectVerbatim(opened);
      shown.add(opened);
    }
    expect(shown.size).toBe(expected.length);
  });

  it('two quotes from one paragraph share its one button', async () => {
    const question = 'How many regional election commissions were there?';
    const quotes = (await botAnswer(question)).answer.quotes;
    const passages = new Set(quotes.map((q) => q.paragraphId));
    expect(quotes.length).toBeGreaterThan(passages.size);
    const full = buttonsOf(await ask(question)).filter((b) => b.label.startsWith('Full '));
    expect(full).toHaveLength(passages.size);
    expect(new Set(full.map((b) => b.custom_id)).size).toBe(full.length);
  });
});

describe('Cite', () => {
  it('replies ephemerally with a ready-to-paste reference per quote: organisation, title, date, page, ¶ or footnote, URL', async () => {
    const expected = shownOrder((await botAnswer(TURNOUT_2007)).answer.quotes);
    const body = await ask(TURNOUT_2007);
    const cite = button(body, 'Cite').custom_id;
    expect(cite).toMatch(/^c\|[A-Za-z0-9_-]{8}\|\d+(\.\d+)*$/u);
    const text = contentOf(await ephemeral(cite));
    const lines = text.split('\n');
    expect(lines[1]).toBe('```text');
    expect(lines.at(-1)).toBe('```');
    const refs = lines.slice(2, -1);
    // One line per distinct reference (two windows of one paragraph cite it once), in the order shown.
    const distinct = [...new Map(expected.map((q) => [`${q.page}|${headingOf(q.sectionPath)}|${where(q)}`, q])).values()];
    expect(refs).toHaveLength(distinct.length);
    distinct.forEach((q, i) => {
      const ref = refs[i] ?? '';
      expect(ref.startsWith(`${original.publisher}: “${original.fullTitle}”, Astana, 16 January 2012 (elections of 15 January 2012), p. ${q.page}, section “${headingOf(q.sectionPath)}”, ${where(q)}.`)).toBe(true);
      expect(ref.endsWith(` ${URL_OK}#page=${q.page}`)).toBe(true);
    });
  });

  it('has no URL without a sourceUrl, and says plainly when the index changed since the button was made', async () => {
    setMeta({ sourceUrl: undefined });
    const body = await ask(TURNOUT_2007);
    const cite = button(body, 'Cite').custom_id;
    const text = contentOf(await ephemeral(cite));
    expect(text).not.toMatch(/https?:/u);
    expect(text).toMatch(/¶ \d+\.\n|footnote \d+\.\n/u);
    const [, , positions] = cite.split('|');
    expect(contentOf(await ephemeral(`c|AAAAAAAA|${positions}`))).toBe(STALE_MESSAGE);
    expect(contentOf(await ephemeral(`c|${cite.split('|')[1]}|999999`))).toBe(STALE_MESSAGE);
  });
});

describe('/search', () => {
  it('never shows two results from one paragraph, and its Open buttons never open the same passage twice', async () => {
    const query = 'Zhanaozen';
    const expected = await engine.search(query, { limit: 5 });
    expect(expected).toHaveLength(5);
    const passage = (q: Quote): string => (q.footnote !== null ? `fn${q.footnote}` : (q.paragraphId ?? q.chunkId));
    expect(new Set(expected.map(passage)).size).toBe(5);
    const ix = await h.fake.sendInteraction({ kind: 'slash', name: 'search', options: { query }, user: alice });
    const edit = (await ix.editOriginal()).body;
    const d = embedOf(edit).description ?? '';
    expect(d.split('\n\n')).toHaveLength(5);
    expect(pageLinks(d).map((l) => l.url)).toEqual(expected.map((q) => pageUrl(URL_OK, q.page)));
    expect(markdownThreats(d)).toEqual([]);
    const opens = buttonsOf(edit);
    expect(opens.map((b) => b.label)).toEqual(['Open 1', 'Open 2', 'Open 3', 'Open 4', 'Open 5']);
    expect(new Set(opens.map((b) => b.custom_id.split('|')[3])).size).toBe(5);
    const opened = new Set<string>();
    for (const b of opens) opened.add(embedOf(await ephemeral(b.custom_id)).description ?? '');
    expect(opened.size).toBe(5);
  });
});

describe('Markdown injection through a crafted metadata file and question', () => {
  it('escapes the question, titles, section names, quotes, footnotes and context lines; the link and the Cite reference stay inert', async () => {
    setMeta({
      sourceUrl: HOSTILE_URL,
      shortTitle: 'Evil **bold** [t](https://evil.example/t) @everyone `c`',
      publisher: 'Org ``` @everyone **x**',
      fullTitle: 'Full ```\ntitle [y](https://evil.example/y)',
      statementPlace: 'Place`',
    });
    const question = `${TURNOUT_2007} **[x](https://evil.example/q)** ||s|| @everyone <@123456789012345678>`;
    const body = await ask(question);
    const embed = embedOf(body);
    expect(markdownThreats(embed.title ?? '')).toEqual([]);
    const d = embed.description ?? '';
    expect(d.startsWith('> ') || d.startsWith('In: ') || d.startsWith('Searched for: ')).toBe(true);
    expect(markdownThreats(d)).toEqual([]);
    const links = pageLinks(d);
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(l.url).toBe(pageUrl(HOSTILE_URL, l.page));
    expectVerbatim(d);
    const text = contentOf(await ephemeral(button(body, 'Cite').custom_id));
    expect((text.match(/```/gu) ?? []).length).toBe(2);
    const refs = text.split('\n').slice(2, -1);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref).not.toContain('`');
      expect(ref).toMatch(/ https:\/\/evil\.example\/a%29%5Bx%5D%28https:\/\/phish\.example%29[^ ()<>[\]`|]*#page=\d+$/u);
    }
  });
});

describe('every payload', () => {
  it('carried allowed_mentions with parse [] and stayed within Discord limits; nothing was logged as an error', () => {
    expect(expectAllPayloadsSafe(h.fake)).toBeGreaterThan(15);
    expect(h.logs.find((r) => r.level >= 50)).toEqual([]);
  });
});
