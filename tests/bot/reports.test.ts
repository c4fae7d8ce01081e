/**
 * Finding and choosing reports through the real discord.js client against the
 * fake Discord: /config (who may, what it sets, where it applies), the
 * default report in /ask, /search and mentions, unknown report ids, /help,
 * /footnote's autocomplete, and abstentions (section buttons, another
 * language). The Engine is the real one, wrapped to record which report each
 * question was asked of.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { APIUser } from 'discord-api-types/v10';
import { NEEDS_MANAGE_SERVER_MESSAGE } from '../../src/bot/commands/config.js';
import type { Engine } from '../../src/engine/engine.js';
import { escapeText, NOT_ANSWERED } from '../../src/render/discord.js';
import { openSettingsStore, SETTINGS_FILE, type SettingsStore } from '../../src/store/settings.js';
import type { InteractionHandle, OptionInit } from '../fake-discord/index.js';
import { ROOT } from '../helpers/corpus.js';
import { buttonsOf, contentOf, embedOf, EPHEMERAL, expectAllPayloadsSafe, fixedEngines, flagsOf, type Harness, openTestEngine, startHarness, stopHarness } from './harness.js';

const ID = 'kz-2012-parliamentary-psopfc';
const TITLE = 'Kazakhstan 2012 parliamentary – preliminary statement';
const QUESTION = 'How many polling stations were observed?';

let engine: Engine;
let h: Harness;
let store: SettingsStore;
let dataDir: string;
let manager: APIUser;
let alice: APIUser;
/** The `report` each ask() and search() was called with, in order. */
const asked: (string | undefined)[] = [];

/** The real Engine, recording the report of each question. */
function recording(target: Engine): Engine {
  return new Proxy(target, {
    get(t, prop) {
      if (prop === 'ask') return (q: string, o?: Parameters<Engine['ask']>[1]) => (asked.push(o?.report), t.ask(q, o));
      if (prop === 'search') return (q: string, o?: Parameters<Engine['search']>[1]) => (asked.push(o?.report), t.search(q, o));
      const value: unknown = Reflect.get(t, prop, t);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}

beforeAll(async () => {
  engine = await openTestEngine();
  dataDir = mkdtempSync(join(tmpdir(), 'verbatim-config-'));
  store = openSettingsStore(dataDir);
  h = await startHarness({ engines: fixedEngines(recording(engine)), settingsStore: store });
  manager = h.fake.addUser({ username: 'manager' }, ['Moderator']); // Moderator has Manage Server
});

beforeEach(() => {
  alice = h.user('alice');
  asked.length = 0;
});

afterAll(async () => {
  await stopHarness(h, engine);
  rmSync(dataDir, { recursive: true, force: true });
});

const general = (): string => h.fake.guild.channels[0]?.id ?? '';
const reports = (): string => h.fake.guild.channels[1]?.id ?? '';
const slash = (name: string, options: Record<string, OptionInit> = {}, more: { user?: APIUser; channelId?: string } = {}): Promise<InteractionHandle> =>
  h.fake.sendInteraction({ kind: 'slash', name, options, user: more.user ?? alice, ...(more.channelId ? { channelId: more.channelId } : {}) });

async function ephemeralReply(ix: InteractionHandle): Promise<string> {
  const cb = await ix.callback();
  expect(cb.body).toMatchObject({ type: 4 });
  expect(flagsOf(cb.body) & EPHEMERAL).toBe(EPHEMERAL);
  return contentOf(cb.body);
}

const clearAll = (): void => {
  for (const c of [general(), reports()]) store.setDefaultReport({ guildId: h.fake.guild.id, channelId: c }, null);
  store.setDefaultReport({ guildId: h.fake.guild.id }, null);
};

describe('/config', () => {
  beforeEach(clearAll);

  it('is refused, ephemerally, to a member without Manage Server, and changes nothing', async () => {
    const text = await ephemeralReply(await slash('config', { report: ID }));
    expect(text).toBe(NEEDS_MANAGE_SERVER_MESSAGE);
    expect(store.guildSettings(h.fake.guild.id).report).toBeUndefined();
    expect(h.logs.find((r) => r.msg === 'config refused: no Manage Server permission').length).toBeGreaterThan(0);
  });

  it('sets the server default (ephemeral reply), kept in DATA_DIR/settings.json; /config alone shows it; clear:True clears it', async () => {
    const set = await ephemeralReply(await slash('config', { report: ID }, { user: manager }));
    expect(set).toBe(`Default report of this server: ${escapeText(TITLE)} (\`${ID}\`). /ask, /search, /section, /footnote and mentions use it when they name no report.`);
    const file = JSON.parse(readFileSync(join(dataDir, SETTINGS_FILE), 'utf8')) as unknown;
    expect(file).toEqual({ version: 1, guilds: { [h.fake.guild.id]: { report: ID, channels: {} } } });
    // Anyone may look.
    expect(await ephemeralReply(await slash('config'))).toMatch(new RegExp(`^Default report of this server: .*\`${ID}\``, 'u'));
    const cleared = await ephemeralReply(await slash('config', { clear: true }, { user: manager }));
    expect(cleared).toMatch(/^Cleared the default report of this server/u);
    expect(store.guildSettings(h.fake.guild.id).report).toBeUndefined();
    expectAllPayloadsSafe(h.fake);
  });

  it('sets a channel default with scope:channel; an unknown id is one ephemeral line naming the known ids', async () => {
    const set = await ephemeralReply(await slash('config', { report: ID, scope: 'channel' }, { user: manager, channelId: reports() }));
    expect(set).toMatch(/^Default report of this channel: /u);
    expect(store.defaultReport({ guildId: h.fake.guild.id, channelId: reports() })).toEqual({ report: ID, scope: 'channel', channelId: reports() });
    expect(store.defaultReport({ guildId: h.fake.guild.id, channelId: general() })).toBeUndefined();
    const wrong = await ephemeralReply(await slash('config', { report: 'kz-2012-parlamentary' }, { user: manager }));
    expect(wrong).toBe(`There is no report “kz-2012-parlamentary”. Known report id: ${escapeText(ID)}.`);
  });

  it('works in a server only', async () => {
    const ix = await h.fake.sendInteraction({ kind: 'slash', name: 'config', options: { report: ID }, dm: true, user: manager });
    expect(await ephemeralReply(ix)).toBe('/config works in a server only.');
  });
});

describe('the default report', () => {
  beforeEach(clearAll);

  it('is used by /ask and /search when they name no report; the report option beats it', async () => {
    store.setDefaultReport({ guildId: h.fake.guild.id }, ID);
    const ask = await (await slash('ask', { question: QUESTION })).editOriginal();
    expect(embedOf(ask.body).description).toMatch(/^> /u);
    expect(contentOf(ask.body)).toBe('');
    await (await slash('search', { query: 'voter lists' })).editOriginal();
    expect(asked).toEqual([ID, ID]);
    expectAllPayloadsSafe(h.fake);
  });

  it('a channel setting beats the server one; a default no longer indexed is ignored with a note', async () => {
    store.setDefaultReport({ guildId: h.fake.guild.id }, 'gone-report');
    store.setDefaultReport({ guildId: h.fake.guild.id, channelId: reports() }, ID);
    const inReports = await (await slash('ask', { question: QUESTION }, { channelId: reports() })).editOriginal();
    expect(contentOf(inReports.body)).toBe('');
    const inGeneral = await (await slash('ask', { question: QUESTION }, { channelId: general() })).editOriginal();
    expect(contentOf(inGeneral.body)).toBe('Note: the default report set for this server (gone-report) is no longer indexed, so it was not used. A server manager can change it with /config.');
    expect(embedOf(inGeneral.body).description).toMatch(/^> /u);
    // An explicit report option: no default consulted, no note.
    const explicit = await (await slash('ask', { question: QUESTION, report: ID }, { channelId: general() })).editOriginal();
    expect(contentOf(explicit.body)).toBe('');
    expect(asked).toEqual([ID, undefined, ID]);
    expectAllPayloadsSafe(h.fake);
  });

  it('is used by mentions, and "More passages" keeps the report of the answer', async () => {
    store.setDefaultReport({ guildId: h.fake.guild.id, channelId: general() }, ID);
    const msg = await h.fake.sendMessage({ content: QUESTION, mentionBot: true, author: h.user(), channelId: general() });
    const reply = await msg.waitForReply();
    expect(embedOf(reply.body).description).toMatch(/^> /u);
    const more = buttonsOf(reply.body).find((b) => b.label === 'More passages');
    if (more) {
      store.setDefaultReport({ guildId: h.fake.guild.id, channelId: general() }, null);
      await (await h.fake.sendInteraction({ kind: 'button', customId: more.custom_id, user: alice, channelId: general() })).editOriginal();
      expect(asked).toEqual([ID, ID]);
    } else expect(asked).toEqual([ID]);
    expectAllPayloadsSafe(h.fake);
  });

  it('an unknown report option on /search is one ephemeral line naming the known ids', async () => {
    const text = await ephemeralReply(await slash('search', { query: 'turnout', report: 'narnia-2030' }));
    expect(text).toBe(`There is no report “narnia-2030”. Known report id: ${escapeText(ID)}.`);
    expect(asked).toEqual([]);
  });
});

describe('/help', () => {
  it('is a short ephemeral guide with an example of each command', async () => {
    const cb = await (await slash('help')).callback();
    expect(cb.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL, allowed_mentions: { parse: [] } } });
    const text = embedOf(cb.body).description ?? '';
    for (const c of ['/ask question:', '/search query:', '/section name:', '/footnote number:', '/config report:']) expect(text).toContain(c);
    for (const c of ['**/ask**', '**/search**', '**/section**', '**/footnote**', '**/about**', '**/config**']) expect(text).toContain(c);
    expect(text.length).toBeLessThan(2000);
    expectAllPayloadsSafe(h.fake);
  });
});

describe('/footnote autocomplete', () => {
  const choicesFor = async (value: string): Promise<{ name: string; value: number }[]> => {
    const ix = await h.fake.sendInteraction({ kind: 'autocomplete', name: 'footnote', focused: { name: 'number', value, type: 4 }, user: alice });
    const cb = await ix.callback();
    expect(cb.status).toBeLessThan(300);
    return (cb.body as { data: { choices: { name: string; value: number }[] } }).data.choices;
  };

  it('offers "n · first words…" (≤ 100 characters, ≤ 25), filtered by the typed number or words', async () => {
    const footnotes = engine.reports[0]?.document.footnotes ?? [];
    expect(footnotes.length).toBeGreaterThan(25);
    const all = await choicesFor('');
    expect(all).toHaveLength(25);
    for (const c of all) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      const f = footnotes.find((x) => x.n === c.value);
      expect(f, String(c.value)).toBeDefined();
      expect(c.name.startsWith(`${c.value} · `)).toBe(true);
      const shown = c.name.slice(`${c.value} · `.length).replace(/…$/u, '');
      expect(f?.text.replace(/\s+/gu, ' ')).toContain(shown);
    }
    const ones = await choicesFor('1');
    expect(ones.length).toBeGreaterThan(1);
    for (const c of ones) expect(String(c.value).startsWith('1')).toBe(true);
    const word = footnotes.find((f) => /Constitution/u.test(f.text));
    expect(word).toBeDefined();
    const byWord = await choicesFor('constitution');
    expect(byWord.map((c) => c.value)).toContain(word?.n);
    for (const c of byWord) expect(footnotes.find((f) => f.n === c.value)?.text.toLowerCase()).toContain('constitution');
  });
});

describe('abstentions', () => {
  it('a question in Russian gets one line saying so, and no unrelated sections', async () => {
    const question = 'Сколько избирательных участков посетили наблюдатели?';
    const expected = (await engine.ask(question)).answer;
    expect(expected).toMatchObject({ answered: false, language: { code: 'ru', name: 'Russian' }, suggestions: [] });
    const edit = await (await slash('ask', { question })).editOriginal();
    const embed = embedOf(edit.body);
    expect(embed.description).toBe(`${NOT_ANSWERED}\n\nThis looks like Russian; the report is in English, so please ask in English.`);
    expect(buttonsOf(edit.body).map((b) => b.label)).toEqual(['👍', '👎']); // no section buttons, only the feedback
    expectAllPayloadsSafe(h.fake);
  });

  // The first would otherwise be "answered" with a quote about tax (the spelling correction reads "taux" as "tax").
  it.each(['Quel était le taux de participation?', 'Combien de bureaux de vote les observateurs ont-ils visités?', 'Wie hoch war die Wahlbeteiligung?', '¿Cuál fue la participación?'])('%j is named as another language by the Answer, which abstains', async (question) => {
    const { answer } = await engine.ask(question);
    expect(answer.answered).toBe(false);
    expect(answer.language?.code).toMatch(/^(fr|de|es)$/u);
  });

  it('none of the English questions of the question sets is said to be in another language', () => {
    const files = readdirSync(`${ROOT}tests/fixtures`).filter((f) => /^questions\..*\.json$/u.test(f));
    const questions = files.flatMap((f) => (JSON.parse(readFileSync(`${ROOT}tests/fixtures/${f}`, 'utf8')) as { question: string }[]).map((q) => q.question));
    expect(questions.length).toBeGreaterThan(300);
    expect(questions.filter((q) => engine.otherLanguage(q) !== null)).toEqual([]);
  });

  it.each(['Nur Otan percentage of the vote', 'wat was the budjet of the CEC?', 'How many absentee voting certificates were issued?', 'wat was da turnout', 'wen was da election'])('an English question %j is never said to be in another language', async (question) => {
    const { answer } = await engine.ask(question);
    expect(answer.language).toBeUndefined();
  });
});

describe('command registration', () => {
  it('the fake Discord accepts the commands with their integration types and contexts, and refuses bad ones', async () => {
    const { validateCommandList } = await import('../fake-discord/validation.js');
    const { commandData } = await import('../../src/bot/commands/index.js');
    expect(validateCommandList(commandData())).toBeNull();
    const bad = commandData().map((c, i) => (i === 0 ? { ...c, integration_types: [7], contexts: [] } : c));
    expect(validateCommandList(bad)).toMatchObject({ code: 50035, errors: { 0: { integration_types: { 0: { _errors: [{ code: 'ENUM_TYPE_COERCE' }] } }, contexts: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] } } } });
  });
});
