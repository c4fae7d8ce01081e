/**
 * Every command, autocomplete and button through the real discord.js client
 * against the fake Discord, with the real Engine on the committed index.
 * Expectations come from the Engine itself, so retrieval changes do not break them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { APIUser } from 'discord-api-types/v10';
import { catalogOf } from '../../src/bot/catalog.js';
import { EXPIRED_MESSAGE, STALE_MESSAGE } from '../../src/bot/views.js';
import { UNKNOWN_BUTTON_MESSAGE } from '../../src/bot/components/index.js';
import type { Engine } from '../../src/engine/engine.js';
import { escapeText, NOT_ANSWERED, quoteCitation } from '../../src/render/discord.js';
import type { InteractionHandle, OptionInit } from '../fake-discord/index.js';
import { button, buttonsOf, contentOf, embedOf, EPHEMERAL, expectAllPayloadsSafe, flagsOf, type Harness, rowsOf, startFixedHarness, stopHarness } from './harness.js';

let engine: Engine;
let h: Harness;
/** A fresh user per test, so the per-user rate limit (5 questions / 30 s) never carries over. */
let alice: APIUser;

beforeAll(async () => {
  ({ engine, h } = await startFixedHarness());
});

beforeEach(() => {
  alice = h.user('alice');
});

afterAll(() => stopHarness(h, engine));

const slash = (name: string, options: Record<string, OptionInit> = {}, user?: APIUser): Promise<InteractionHandle> =>
  h.fake.sendInteraction({ kind: 'slash', name, options, user: user ?? alice });
const click = (customId: string, user?: APIUser): Promise<InteractionHandle> => h.fake.sendInteraction({ kind: 'button', customId, user: user ?? alice });

/** An ephemeral one-line reply (callback type 4, flags 64) and its text. */
async function ephemeralReply(ix: InteractionHandle): Promise<string> {
  const cb = await ix.callback();
  expect(cb.body).toMatchObject({ type: 4 });
  expect(flagsOf(cb.body) & EPHEMERAL).toBe(EPHEMERAL);
  return contentOf(cb.body);
}

describe('/ask', () => {
  const QUESTION = 'How many polling stations were observed?';

  it('defers at once, then edits in the quotes with citations, the report in the footer, and both buttons', async () => {
    const expected = (await engine.ask(QUESTION)).answer;
    expect(expected.answered).toBe(true);
    const ix = await slash('ask', { question: QUESTION });
    const cb = await ix.callback();
    expect(cb.body).toMatchObject({ type: 5 });
    expect(flagsOf(cb.body) & EPHEMERAL).toBe(0);
    expect(cb.sinceDispatchMs).toBeLessThan(3000);
    const edit = await ix.editOriginal();
    const embed = embedOf(edit.body);
    expect(embed.title).toBe(QUESTION);
    for (const q of expected.quotes) {
      expect(embed.description).toContain(`> ${escapeText(q.text)}\n— ${quoteCitation(q, false)}`);
    }
    expect(embed.description).toMatch(/— [^\n]+ · p\. \d+ · (¶ \d+|footnote \d+)/u);
    expect(embed.footer?.text).toBe('Kazakhstan 2012 parliamentary – preliminary statement');
    // Row 1: one "Full paragraph"/"Full footnote" per passage quoted, then "More passages"; row 2: "Cite", 👍, 👎.
    const passages = [...new Map(expected.quotes.map((q) => [q.footnote !== null ? `fn${q.footnote}` : q.paragraphId, q])).values()];
    const labels = passages.map((q) => (q.footnote !== null ? `Full footnote ${q.footnote} · p. ${q.page}` : `Full paragraph · p. ${q.page} ¶ ${q.paragraph}`));
    expect(rowsOf(edit.body)).toEqual([[...labels, 'More passages'], ['Cite', '👍', '👎']]);
  });

  it('shows the footnotes a quote carries as "[n] …", and cites footnote quotes as "footnote n"', async () => {
    const question = 'How many regional election commissions were there?';
    const expected = (await engine.ask(question)).answer;
    const withNotes = expected.quotes.filter((q) => q.footnotes.length > 0);
    expect(withNotes.length, 'the question should bring up a quote carrying a footnote').toBeGreaterThan(0);
    const edit = await (await slash('ask', { question })).editOriginal();
    const description = embedOf(edit.body).description ?? '';
    for (const q of withNotes) for (const f of q.footnotes) expect(description).toContain(`[${f.n}] ${escapeText(f.text)}`);
    for (const q of expected.quotes.filter((x) => x.footnote !== null)) expect(description).toContain(`· footnote ${q.footnote}`);
  });

  it('answers privately with the ephemeral flag on the deferral', async () => {
    const ix = await slash('ask', { question: QUESTION, private: true });
    const cb = await ix.callback();
    expect(cb.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    await ix.editOriginal();
    expect((ix.original()?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('says plainly when the report does not answer, lists the closest sections and has a button opening each', async () => {
    const question = 'What was the budget of the CEC?';
    const expected = (await engine.ask(question)).answer;
    expect(expected.answered).toBe(false);
    expect(expected.suggestions.length).toBeGreaterThan(0);
    const edit = await (await slash('ask', { question })).editOriginal();
    const description = embedOf(edit.body).description ?? '';
    expect(description.startsWith(NOT_ANSWERED)).toBe(true);
    for (const s of expected.suggestions) expect(description).toContain(`• ${escapeText(s)}`);
    // Row 1: one button per closest section (sectionPage custom id, page 0), labelled with its heading, then 👍 / 👎
    // (tests/bot/feedback.test.ts) where the row has room.
    const rows = (edit.body as { components: { components: { custom_id: string; label: string }[] }[] }).components;
    const feedback = ['👍', '👎'];
    const sectionButtons = rows.flatMap((r) => r.components).filter((b) => !feedback.includes(b.label));
    expect(rows.flatMap((r) => r.components).map((b) => b.label).slice(-2)).toEqual(feedback);
    const entries = expected.suggestions.map((s) => catalogOf(engine).sections.find((e) => e.view.title === s && e.view.paragraphs.length > 0));
    expect(sectionButtons.map((b) => b.label)).toEqual(entries.flatMap((e) => (e ? [e.view.section?.heading ?? e.view.title] : [])));
    for (const b of sectionButtons) expect(b.custom_id).toMatch(/^s\|0\|/u);
    const first = sectionButtons[0];
    if (!first) throw new Error('no section button');
    // Opening it shows the section's first page in a new ephemeral message; the answer stays.
    const open = await (await click(first.custom_id)).callback();
    expect(open.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(embedOf(open.body).title).toBe(escapeText(entries[0]?.view.title ?? ''));
    expectAllPayloadsSafe(h.fake);
  });

  it.each([
    ['empty', '', /empty/u],
    ['whitespace', '   \t ', /empty/u],
    ['over 1000 characters', 'why '.repeat(300), /too long/u],
    ['only mentions', '<@123456789012345678> <@&456456456456456456> @everyone', /empty/u],
    ['only emoji', '🙂🙂🙂 🎉', /in words/u],
  ])('answers a bad question (%s) with one clear ephemeral line', async (_what, question, message) => {
    const ix = await slash('ask', { question }, h.user());
    const text = await ephemeralReply(ix);
    expect(text).toMatch(message);
    expect(text.split('\n')).toHaveLength(1);
  });

  it('"More passages" shows the next three, and "Full paragraph" the whole paragraph, ephemeral', async () => {
    const first = (await engine.ask(QUESTION)).answer.quotes;
    const next = (await engine.ask(QUESTION, { offset: 3 })).answer.quotes;
    const edit = await (await slash('ask', { question: QUESTION })).editOriginal();

    const more = await click(button(edit.body, 'More passages').custom_id);
    expect((await more.callback()).body).toMatchObject({ type: 5 });
    const moreEdit = await more.editOriginal();
    const moreEmbed = embedOf(moreEdit.body);
    expect(moreEmbed.footer?.text).toMatch(/passages 4–6$/u);
    for (const q of next) expect(moreEmbed.description).toContain(escapeText(q.text));
    expect(button(moreEdit.body, 'More passages').custom_id).toMatch(/^m\|6\|/u);

    const full = await click(button(edit.body, /^Full paragraph/u).custom_id);
    const cb = await full.callback();
    expect(cb.body).toMatchObject({ type: 4 });
    expect(flagsOf(cb.body) & EPHEMERAL).toBe(EPHEMERAL);
    const top = first[0];
    const paragraph = top ? engine.paragraphOfChunk(top.chunkId)?.paragraph : undefined;
    expect(paragraph).toBeDefined();
    expect(embedOf(cb.body).description).toContain(`> ${escapeText(paragraph?.text ?? '')}`);
  });

  it('refuses a button whose paragraph text changed, an expired "More passages", and unknown buttons', async () => {
    const edit = await (await slash('ask', { question: QUESTION })).editOriginal();
    const id = button(edit.body, /^Full paragraph/u).custom_id;
    const [, slot, , ref] = id.split('|');
    expect(await ephemeralReply(await click(`p|${slot}|AAAAAAAA|${ref}`))).toBe(STALE_MESSAGE);
    expect(await ephemeralReply(await click('p|0|AAAAAAAA|kz-2012-parliamentary-psopfc#p999.0'))).toBe(STALE_MESSAGE);
    expect(await ephemeralReply(await click('m|3|Expired123'))).toBe(EXPIRED_MESSAGE);
    expect(await ephemeralReply(await click('not-ours'))).toBe(UNKNOWN_BUTTON_MESSAGE);
    // A select menu the bot never sends (forged, or from another version) is answered too, never left to fail.
    const select = await h.fake.sendInteraction({ kind: 'select', customId: 'f|u|1|abcdefgh', values: ['x'], user: alice });
    expect(await ephemeralReply(select)).toMatch(/from an older version of the bot/u);
  });

  it('autocompletes and checks the report option', async () => {
    const ac = await h.fake.sendInteraction({ kind: 'autocomplete', name: 'ask', options: { question: 'x' }, focused: { name: 'report', value: 'kaz' }, user: alice });
    const cb = await ac.callback();
    expect(cb.body).toEqual({ type: 8, data: { choices: [{ name: 'Kazakhstan 2012 parliamentary – preliminary statement', value: 'kz-2012-parliamentary-psopfc' }] } });
    expect(await ephemeralReply(await slash('ask', { question: QUESTION, report: 'Narnia 2030' }, h.user()))).toMatch(/^There is no report “Narnia 2030”/u);
    const ok = await (await slash('ask', { question: QUESTION, report: 'kz-2012-parliamentary-psopfc' }, h.user())).editOriginal();
    expect(embedOf(ok.body).description).toMatch(/^> /u);
  });
});

describe('/section', () => {
  it('autocompletes headings fuzzily: ≤ 25 choices, names and values ≤ 100 characters, at once', async () => {
    for (const typed of ['elect', 'medai envirnment', '', 'PRELIMINARY']) {
      const ix = await h.fake.sendInteraction({ kind: 'autocomplete', name: 'section', focused: { name: 'name', value: typed }, user: alice });
      const cb = await ix.callback();
      expect(cb.sinceDispatchMs).toBeLessThan(3000);
      const choices = (cb.body as { data: { choices: { name: string; value: string }[] } }).data.choices;
      expect(choices.length).toBeGreaterThan(0);
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const c of choices) {
        expect(c.name.length).toBeLessThanOrEqual(100);
        expect(c.value.length).toBeLessThanOrEqual(100);
      }
      if (typed === 'elect') expect(choices.map((c) => c.name)).toContain('PRELIMINARY FINDINGS › Election Day');
      if (typed === 'medai envirnment') expect(choices[0]?.name).toBe('PRELIMINARY FINDINGS › Media Environment');
      if (typed === '') expect(choices).toHaveLength(catalogOf(engine).sections.length);
    }
  });

  it('pages the longest section with Previous/Next, within every limit and in full', async () => {
    const catalog = catalogOf(engine);
    const longest = [...catalog.sections].sort((a, b) => b.view.paragraphs.reduce((n, p) => n + p.text.length, 0) - a.view.paragraphs.reduce((n, p) => n + p.text.length, 0))[0];
    if (!longest) throw new Error('no sections');
    const pages = catalog.pagesOf(longest);
    expect(pages.length).toBeGreaterThan(1);

    const cb = await (await slash('section', { name: longest.key })).callback();
    expect(cb.body).toMatchObject({ type: 4 });
    const first = embedOf(cb.body);
    expect(first.title).toBe(escapeText(longest.view.title));
    expect(first.footer?.text).toMatch(new RegExp(`page 1 of ${pages.length}$`, 'u'));
    expect(button(cb.body, 'Previous').disabled).toBe(true);

    const seen = [first.description ?? ''];
    let body: unknown = cb.body;
    for (let page = 2; page <= pages.length; page++) {
      const turn = await (await click(button(body, 'Next').custom_id)).callback();
      expect(turn.body).toMatchObject({ type: 7 });
      expect(embedOf(turn.body).footer?.text).toMatch(new RegExp(`page ${page} of ${pages.length}$`, 'u'));
      seen.push(embedOf(turn.body).description ?? '');
      body = turn.body;
    }
    expect(button(body, 'Next').disabled).toBe(true);
    const back = await (await click(button(body, 'Previous').custom_id)).callback();
    expect(embedOf(back.body).footer?.text).toMatch(new RegExp(`page ${pages.length - 1} of ${pages.length}$`, 'u'));

    // Someone else's click does not turn the asker's public page: they get the page to themselves.
    const other = await (await click(button(cb.body, 'Next').custom_id, h.user())).callback();
    expect(other.body).toMatchObject({ type: 4 });
    expect(flagsOf(other.body) & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedOf(other.body).footer?.text).toMatch(new RegExp(`page 2 of ${pages.length}$`, 'u'));

    const all = seen.join('\n\n').replace(/…\n?|\*\*¶ \d+\*\* · p\. \d+( \(cont\.\))?\n/gu, ' ').replace(/\s+/gu, ' ');
    for (const p of longest.view.paragraphs) expect(all).toContain(escapeText(p.text).replace(/\s+/gu, ' ').slice(0, 200));
  });

  it('finds a typed heading, honours the page option, and explains a page out of range', async () => {
    const cb = await (await slash('section', { name: 'election day' })).callback();
    expect(embedOf(cb.body).title).toBe('PRELIMINARY FINDINGS › Election Day');
    const key = catalogOf(engine).find('election day')?.key ?? '';
    const pages = catalogOf(engine).pagesOf(catalogOf(engine).find('election day') ?? catalogOf(engine).sections[0]!).length;
    const second = await (await slash('section', { name: key, page: pages })).callback();
    expect(embedOf(second.body).footer?.text).toMatch(pages > 1 ? new RegExp(`page ${pages} of ${pages}$`, 'u') : /p\./u);
    expect(await ephemeralReply(await slash('section', { name: key, page: 42 }))).toMatch(new RegExp(`choose a page from 1 to ${pages}`, 'u'));
  });

  it('says clearly when a name matches nothing, and lists subsections of a heading without text', async () => {
    expect(await ephemeralReply(await slash('section', { name: 'qqqzzzxxx wwvv' }))).toMatch(/^No section matches “qqqzzzxxx wwvv”/u);
    const cb = await (await slash('section', { name: 'PRELIMINARY FINDINGS' })).callback();
    const embed = embedOf(cb.body);
    expect(embed.description).toMatch(/^This heading has no text of its own\./u);
    expect(embed.description).toContain('• PRELIMINARY FINDINGS › Election Day');
  });

  it('refuses a page button whose section text changed', async () => {
    const entry = catalogOf(engine).find('election day');
    expect(await ephemeralReply(await click(`s|1|AAAAAAAA|${entry?.key ?? ''}`))).toBe(STALE_MESSAGE);
  });
});

describe('/footnote', () => {
  it('shows the footnote, the sentence carrying its marker, its section and page', async () => {
    const f = engine.footnote(12);
    expect(f?.carrier).toBeTruthy();
    const cb = await (await slash('footnote', { number: 12 })).callback();
    const embed = embedOf(cb.body);
    expect(embed.title).toBe('Footnote 12');
    expect(embed.description).toContain(`> [12] ${escapeText(f?.footnote.text ?? '')}`);
    expect(embed.description).toContain(`footnote 12`);
    expect(embed.description).toContain(`Marked in:\n> ${escapeText(f?.carrier ?? '')}`);
    expect(embed.description).toContain(`${f?.paragraph?.sectionPath.at(-1) ?? ''} · p. ${f?.footnote.page}`);
  });

  it.each([0, 999])('explains footnote %i is out of range, naming the valid range', async (n) => {
    const count = engine.report()?.document.footnotes.length ?? 0;
    expect(await ephemeralReply(await slash('footnote', { number: n }))).toBe(`There is no footnote ${n}: this report's footnotes run from 1 to ${count}.`);
  });
});

describe('/search', () => {
  it('lists five snippets with citations and an Open button each; Open shows the whole paragraph', async () => {
    const query = 'media coverage of the campaign';
    const expected = await engine.search(query, { limit: 5 });
    const ix = await slash('search', { query });
    expect((await ix.callback()).body).toMatchObject({ type: 5 });
    const edit = await ix.editOriginal();
    const embed = embedOf(edit.body);
    const entries = (embed.description ?? '').split('\n\n');
    expect(entries).toHaveLength(expected.length);
    entries.forEach((entry, i) => {
      const [snippet, cite] = entry.split('\n');
      expect(snippet?.startsWith(`**${i + 1}.** `)).toBe(true);
      expect((snippet ?? '').length).toBeLessThanOrEqual(`**${i + 1}.** `.length + 200);
      expect(cite).toBe(`— ${escapeText(quoteCitation(expected[i]!, false))}`);
    });
    expect(buttonsOf(edit.body).map((b) => b.label)).toEqual(expected.map((_, i) => `Open ${i + 1}`));
    const open = await (await click(button(edit.body, 'Open 2').custom_id)).callback();
    expect(flagsOf(open.body) & EPHEMERAL).toBe(EPHEMERAL);
    const chunk = catalogOf(engine).chunk(expected[1]?.chunkId ?? '');
    const text = chunk?.kind === 'footnote' ? chunk.sourceText : engine.paragraphOfChunk(chunk?.id ?? '')?.paragraph.text;
    expect(embedOf(open.body).description).toContain(escapeText(text ?? 'missing'));
  });
});

describe('/about', () => {
  it('names each report with its id, election date, sections, footnotes and parser warnings, the counts, the embedder and when the index was built', async () => {
    const cb = await (await slash('about')).callback();
    const embed = embedOf(cb.body);
    const fields = Object.fromEntries((embed.fields ?? []).map((f) => [f.name, f.value]));
    const counts = engine.index.manifest.counts;
    const warnings = engine.reports[0]?.document.warnings.length ?? -1;
    expect(warnings).toBe(0); // the source parses without a warning (parser 2.1.x)
    expect(embed.description).toContain(
      `**Report**\n• **Kazakhstan 2012 parliamentary – preliminary statement** · \`kz-2012-parliamentary-psopfc\` · election 2012-01-15 · ${counts.sections} sections · ${counts.footnotes} footnotes · no parser warnings`,
    );
    expect(flagsOf(cb.body) & EPHEMERAL).toBe(0);
    expectAllPayloadsSafe(h.fake);
    expect(fields.Sections).toBe(String(counts.sections));
    expect(fields.Paragraphs).toBe(String(counts.paragraphs));
    expect(fields.Footnotes).toBe(String(counts.footnotes));
    expect(fields.Embedder).toBe(escapeText(engine.embedder.id));
    expect(fields['Index built']).toContain(engine.index.builtAt.toISOString());
  });
});

describe('logs', () => {
  it('carry ids, question length and latency at info; the question text only at debug; never the token', () => {
    const infos = h.logs.find((r) => r.msg === 'answered /ask');
    expect(infos.length).toBeGreaterThan(3);
    for (const r of infos) {
      expect(r).toMatchObject({ level: 30, interactionId: expect.any(String), userId: expect.any(String), questionLength: expect.any(Number), latencyMs: expect.any(Number) });
      expect(r).not.toHaveProperty('question');
    }
    const texts = h.logs.find((r) => typeof r.question === 'string');
    expect(texts.length).toBeGreaterThan(0);
    for (const r of texts) expect(r.level).toBe(20);
    expect(h.logs.text).not.toContain(h.fake.token);
  });
});

describe('every payload', () => {
  it('carried allowed_mentions with parse [] and stayed within Discord limits; nothing was logged as an error', () => {
    expect(expectAllPayloadsSafe(h.fake)).toBeGreaterThan(20);
    expect(h.logs.find((r) => r.level >= 50)).toEqual([]);
  });
});
