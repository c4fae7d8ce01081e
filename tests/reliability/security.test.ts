/**
 * Security: who may /reindex (and nowhere but a server), Discord input never
 * reaching the file system (a static check of src/bot plus validation of
 * custom ids and report options), secrets kept out of logs and errors, and
 * question text only at debug level.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { InteractionContextType, PermissionFlagsBits } from 'discord.js';
import type { APIUser } from 'discord-api-types/v10';
import { commandData } from '../../src/bot/commands/index.js';
import { NOT_ADMIN_MESSAGE } from '../../src/bot/commands/reindex.js';
import { resolveReport } from '../../src/bot/commands/shared.js';
import { UNKNOWN_BUTTON_MESSAGE } from '../../src/bot/components/index.js';
import type { EngineSource } from '../../src/bot/context.js';
import { parseCustomId } from '../../src/bot/custom-id.js';
import { GENERIC_ERROR_MESSAGE, UserFacingError } from '../../src/bot/errors.js';
import { STALE_MESSAGE } from '../../src/bot/views.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import type { Engine } from '../../src/engine/engine.js';
import { createLogger, REDACTED, scrubSecrets } from '../../src/log/logger.js';
import { neutralizeMentions } from '../../src/render/discord.js';
import { ROOT } from '../helpers/corpus.js';
import { generateQuestions } from '../helpers/fuzz.js';
import { button, contentOf, embedOf, EPHEMERAL, flagsOf, LogCapture, openTestEngine, type Harness, type LogRecord, withAsk } from '../bot/harness.js';
import { startLoggedBot } from './helpers.js';

const QUESTION = 'How many polling stations were observed?';
let engine: Engine;

beforeAll(async () => {
  engine = await openTestEngine();
});

afterAll(async () => {
  await engine?.embedder.dispose();
});

/** An EngineSource over the test Engine whose reindex only counts calls (and fails, harmlessly). */
function countingEngines(target: () => Engine): EngineSource & { calls: number } {
  return {
    calls: 0,
    get current() {
      return target();
    },
    busy: false,
    reindex() {
      this.calls++;
      return Promise.reject(Object.assign(new Error('not in this test'), { name: 'BuildError' }));
    },
  };
}


// ---------------------------------------------------------------- /reindex

describe('/reindex', () => {
  let h: Harness;
  let admin: APIUser;
  const engines = countingEngines(() => engine);

  beforeAll(async () => {
    h = await startLoggedBot({
      engines,
      level: 'info',
      env: (fake) => {
        admin = fake.addUser({ username: 'admin' });
        return { ADMIN_USER_IDS: admin.id };
      },
    });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const reindexAs = async (user: APIUser, dm: boolean) => (await h.fake.sendInteraction({ kind: 'slash', name: 'reindex', user, dm })).callback();

  it('is registered for servers only, with default member permission Manage Server', () => {
    const reindex = commandData().find((c) => c.name === 'reindex');
    expect(reindex?.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    expect(reindex?.contexts).toEqual([InteractionContextType.Guild]);
  });

  it('is refused in a DM even when Discord delivers it, to an administrator too', async () => {
    const cb = await reindexAs(admin, true);
    expect(cb.body).toMatchObject({ type: 4 });
    expect(flagsOf(cb.body) & EPHEMERAL).toBe(EPHEMERAL);
    expect(contentOf(cb.body)).toBe('/reindex works in a server only.');
    expect(engines.calls).toBe(0);
  });

  it('is refused in a server to anyone not in ADMIN_USER_IDS, the server owner included', async () => {
    for (const user of [h.fake.users.owner, h.fake.users.mod, h.fake.users.alice]) {
      const cb = await reindexAs(user, false);
      expect(contentOf(cb.body)).toBe(NOT_ADMIN_MESSAGE);
      expect(flagsOf(cb.body) & EPHEMERAL).toBe(EPHEMERAL);
    }
    expect(engines.calls).toBe(0);
  });

  it('runs for an administrator in a server', async () => {
    const ix = await h.fake.sendInteraction({ kind: 'slash', name: 'reindex', user: admin });
    expect(contentOf((await ix.editOriginal()).body)).toBe('Reindex failed: not in this test. The previous index is still live.');
    expect(engines.calls).toBe(1);
  });
});

// ---------------------------------------------------------------- Discord input and the file system

/** Every .ts file under `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Modules through which code can touch files, processes or the network on its own. */
const FORBIDDEN_MODULES = /^(?:node:)?(?:fs|fs\/promises|path|child_process|worker_threads|vm|net|http|https|os)$/u;
/** src/bot files allowed to import one of them anyway (none: keep it that way). */
const ALLOWED: readonly string[] = [];

describe('Discord input never reaches the file system', () => {
  const BOT = join(ROOT, 'src', 'bot');
  const files = sourceFiles(BOT);

  it(`src/bot imports no file-system, process or network module (${ALLOWED.length} allowed exceptions)`, () => {
    expect(files.length).toBeGreaterThan(20);
    const offenders: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/gu)].map((m) => m[1] ?? '');
      for (const s of specifiers) if (FORBIDDEN_MODULES.test(s) && !ALLOWED.includes(relative(ROOT, file))) offenders.push(`${relative(ROOT, file)}: ${s}`);
    }
    expect(offenders).toEqual([]);
  });

  it('src/bot has no dynamic import, require, eval, Function constructor or environment access', () => {
    for (const file of files) {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gmu, '');
      expect(code, relative(ROOT, file)).not.toMatch(/\bimport\s*\(|\brequire\s*\(|\beval\s*\(|\bnew\s+Function\b|process\.env/u);
    }
  });

  it('the only way from the bot to the disk, reindex(), takes no argument', () => {
    expectTypeOf<EngineSource['reindex']>().parameters.toEqualTypeOf<[]>();
  });

  it('custom ids: anything parses (zod) to null or a well-formed id, and nothing throws', () => {
    const hostile = [...generateQuestions(2000, 3), ...['../../etc/passwd', '..\\..\\boot.ini', '/dev/null', '$(rm -rf /)', '`id`', '\u0000', '1.2.3', '1.2.3.4.5.6', '9999999'].flatMap((p) => [p, `p|0|AAAAAAAA|${p}`, `s|1|AAAAAAAA|${p}`, `m|3|${p}`, `c|AAAAAAAA|${p}`, `f|u|1|${p}`, `f|r|0|${p}`])];
    let parsed = 0;
    for (const text of hostile) {
      const id = parseCustomId(text);
      if (!id) continue;
      parsed++;
      if (id.kind === 'more') expect(id.state).toMatch(/^[A-Za-z0-9_-]{6,16}$/u);
      else if (id.kind === 'vote' || id.kind === 'voteReason') expect(id.answer).toMatch(/^[A-Za-z0-9_-]{6,16}$/u);
      else if (id.kind === 'cite') {
        expect(id.hash).toMatch(/^[A-Za-z0-9_-]{8}$/u);
        expect(id.chunks.length).toBeGreaterThan(0);
        expect(id.chunks.length).toBeLessThanOrEqual(5);
        for (const n of id.chunks) expect(Number.isInteger(n) && n >= 0 && n < 1_000_000).toBe(true);
      } else {
        expect(id.hash).toMatch(/^[A-Za-z0-9_-]{8}$/u);
        expect(id.kind === 'passage' ? id.ref : id.key).toMatch(/^[\p{L}\p{N}#.:/~_-]{1,80}$/u);
      }
    }
    // Path-like refs of the right shape parse, and are then only looked up among the index's known ids (next test).
    expect(parsed).toBeGreaterThanOrEqual(2);
    expect(parseCustomId('p|0|AAAAAAAA|$(rm -rf /)')).toBeNull();
    expect(parseCustomId('p|0|AAAAAAAA|\u0000')).toBeNull();
    expect(parseCustomId('c|AAAAAAAA|1.2.3')).toEqual({ kind: 'cite', hash: 'AAAAAAAA', chunks: [1, 2, 3] });
    expect(parseCustomId('c|AAAAAAAA|1.2.3.4.5.6')).toBeNull();
    expect(parseCustomId('c|AAAAAAAA|-1')).toBeNull();
  });

  it('report options: anything resolves to a known report id or a user-facing refusal', () => {
    const known = new Set(engine.reports.map((r) => r.meta.id));
    const inputs = [...generateQuestions(500, 5), '../../etc/passwd', 'C:\\boot.ini', '/dev/null', 'KZ-2012-PARLIAMENTARY-PSOPFC', ''];
    let resolved = 0;
    for (const input of inputs) {
      try {
        const id = resolveReport(engine, input);
        if (id !== undefined) {
          expect(known.has(id)).toBe(true);
          resolved++;
        }
      } catch (e) {
        expect(e).toBeInstanceOf(UserFacingError);
        expect((e as Error).message.split('\n')).toHaveLength(1);
      }
    }
    expect(resolved).toBe(1);
  });

  describe('through the bot', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startLoggedBot({ engines: countingEngines(() => engine), level: 'info' });
    });
    afterAll(async () => {
      await h?.stop();
    });

    const ephemeralReply = async (init: Parameters<Harness['fake']['sendInteraction']>[0]): Promise<string> => {
      const cb = await (await h.fake.sendInteraction(init)).callback();
      expect(flagsOf(cb.body) & EPHEMERAL).toBe(EPHEMERAL);
      return contentOf(cb.body);
    };

    it('path-like refs in well-formed custom ids are unknown passages and sections; malformed ids are refused', async () => {
      const user = h.user();
      expect(await ephemeralReply({ kind: 'button', customId: 'p|0|AAAAAAAA|../../../../etc/passwd', user })).toBe(STALE_MESSAGE);
      expect(await ephemeralReply({ kind: 'button', customId: 's|0|AAAAAAAA|/etc/shadow', user })).toBe(STALE_MESSAGE);
      expect(await ephemeralReply({ kind: 'button', customId: 'p|0|AAAAAAAA|$(touch /tmp/pwned)', user })).toBe(UNKNOWN_BUTTON_MESSAGE);
    });

    it('a path as the report option is an unknown report', async () => {
      const text = await ephemeralReply({ kind: 'slash', name: 'ask', options: { question: QUESTION, report: '../../index/manifest.json' }, user: h.user() });
      expect(text).toMatch(/^There is no report “\.\.\/\.\.\/index\/manifest\.json”\. Known report id: /u);
    });

    it('typed text echoed in a refusal stays on one line and pings no one', async () => {
      const report = await ephemeralReply({ kind: 'slash', name: 'ask', options: { question: QUESTION, report: 'x\n@everyone\r\n<@123456789012345678>\u2028y' }, user: h.user() });
      const section = await ephemeralReply({ kind: 'slash', name: 'section', options: { name: 'no such\nsection @here\u0000' }, user: h.user() });
      for (const text of [report, section]) {
        expect(text.split(/[\n\r\u2028\u2029]/u)).toHaveLength(1);
        expect(text).not.toMatch(/@(?:everyone|here)|<@\d+>/u);
      }
    });
  });
});

// ---------------------------------------------------------------- secrets

const TOKEN_LIKE = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.0123456789abcdefghijklmnopqrstuvwxyzABCD';

describe('secrets', () => {
  it('a bad DISCORD_TOKEN is named, never echoed', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: 'short' }, { dotenv: false })).toThrow(ConfigError);
    expect(() => loadConfig({ DISCORD_TOKEN: 'short' }, { dotenv: false })).toThrow(/^DISCORD_TOKEN is invalid: looks too short to be a bot token \(see \.env\.example\)$/u);
  });

  it('no configuration error echoes the value it rejects', () => {
    const bad: Record<string, string> = {
      DISCORD_TOKEN: 'secret-token-value-1',
      DISCORD_CLIENT_ID: 'secret-client-value-2',
      DISCORD_GUILD_ID: '12secret34',
      ASK_CHANNEL_IDS: '123456789012345678,secret-channel-value-3',
      ADMIN_USER_IDS: 'secret-admin-value-4',
      DISCORD_API_BASE_URL: 'not a url secret-url-value-5',
      RATE_LIMIT_QUESTIONS: 'secret-rate-value-6',
      EMBEDDER: 'secret-embedder-value-7',
      LOG_LEVEL: 'secret-level-value-8',
    };
    for (const [name, value] of Object.entries(bad)) {
      let message = '';
      try {
        loadConfig({ [name]: value }, { dotenv: false });
      } catch (e) {
        expect(e, name).toBeInstanceOf(ConfigError);
        message = (e as Error).message;
      }
      expect(message, name).toMatch(new RegExp(`^${name} is invalid: `, 'u'));
      expect(message, name).not.toContain(value);
      expect(message, name).not.toMatch(/secret/u);
    }
  });

  it('scrubSecrets removes given secrets, bot-token-shaped strings and tokens in Discord API paths', () => {
    expect(scrubSecrets(`login with ${TOKEN_LIKE} failed`)).toBe(`login with ${REDACTED} failed`);
    expect(scrubSecrets('PATCH https://discord.com/api/v10/webhooks/123456789012345678/aW50ZXJhY3Rpb246MTIzNDU2Nzg5/messages/@original')).toBe(
      `PATCH https://discord.com/api/v10/webhooks/123456789012345678/${REDACTED}/messages/@original`,
    );
    expect(scrubSecrets('POST /interactions/123456789012345678/aW50ZXJhY3Rpb246dG9rZW4xMjM0/callback')).toBe(`POST /interactions/123456789012345678/${REDACTED}/callback`);
    expect(scrubSecrets('the key is hunter2-but-longer', ['hunter2-but-longer'])).toBe(`the key is ${REDACTED}`);
    expect(scrubSecrets('a "quoted\\" secret"', ['quoted" secret'])).toBe(`a "${REDACTED}"`);
    // Ordinary text, ids and file paths are left alone.
    const plain = 'kz-2012-parliamentary-psopfc#p47.0 at /work/main/node_modules/discord.js/src/index.js:12 · 123456789012345678';
    expect(scrubSecrets(plain, ['short'])).toBe(plain);
  });

  it('the logger scrubs every line: fields, messages, errors thrown with the token in their text, stacks', () => {
    const logs = new LogCapture();
    const log = createLogger({ level: 'debug', destination: logs.stream, pretty: false, secrets: ['an-exact-secret-value'] });
    const err = new Error(`Discord refused ${TOKEN_LIKE}`);
    log.error({ err }, 'login failed');
    log.warn({ request: { auth: `Bot ${TOKEN_LIKE}` }, note: 'an-exact-secret-value' }, `retrying with ${TOKEN_LIKE}`);
    log.info({ err: Object.assign(new Error('HTTP 400'), { requestBody: { json: { content: 'the question text' } }, url: 'https://discord.com/api/v10/webhooks/123456789012345678/aW50ZXJhY3Rpb246dG9rZW4xMjM0/messages/@original' }) }, 'x');
    expect(logs.text).not.toContain(TOKEN_LIKE);
    expect(logs.text).not.toContain('an-exact-secret-value');
    expect(logs.text).not.toContain('aW50ZXJhY3Rpb246dG9rZW4xMjM0');
    expect(logs.text).not.toContain('the question text');
    const [first, second, third] = logs.records as [LogRecord, LogRecord, LogRecord];
    expect((first.err as { message: string; stack: string }).message).toBe(`Discord refused ${REDACTED}`);
    expect((first.err as { stack: string }).stack).toContain(`Discord refused ${REDACTED}`);
    expect(second.msg).toBe(`retrying with ${REDACTED}`);
    expect(third.err).not.toHaveProperty('requestBody');
    // Non-error values under `err` are logged as they are.
    log.error({ err: 'a plain string reason' }, 'y');
    expect(logs.records.at(-1)?.err).toBe('a plain string reason');
  });

  describe('through the bot', () => {
    let h: Harness;
    let failing = false;
    beforeAll(async () => {
      const source = withAsk(engine, (q, o) => (failing ? Promise.reject(new Error(`upstream refused token ${h.fake.token} for ${h.config.discord.apiBaseUrl}`)) : engine.ask(q, o)));
      h = await startLoggedBot({ engines: countingEngines(() => source), level: 'debug' });
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('an error thrown with the bot token in its message: logged with the token redacted, the user sees a generic apology', async () => {
      failing = true;
      try {
        const ix = await h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: QUESTION }, user: h.user() });
        // The public "thinking…" is deleted and the apology goes to the asker alone.
        const apology = await ix.followUp();
        expect(contentOf(apology.body)).toBe(GENERIC_ERROR_MESSAGE);
        expect(flagsOf(apology.body) & EPHEMERAL).toBe(EPHEMERAL);
        await expect.poll(() => h.logs.find((r) => r.msg === 'interaction failed')).toHaveLength(1);
        const logged = h.logs.find((r) => r.msg === 'interaction failed')[0]?.err as { message: string };
        expect(logged.message).toContain(`upstream refused token ${REDACTED}`);
        expect(h.logs.text).not.toContain(h.fake.token);
        for (const r of h.fake.requests) expect(JSON.stringify(r.body ?? '')).not.toContain(h.fake.token);
      } finally {
        failing = false;
      }
    });
  });
});

// ---------------------------------------------------------------- privacy

// An English word the report never uses (a word that is no word at all reads as a name the report never mentions, and is not answered).
const MARKER = 'kaleidoscope';
const MARKED = `How many polling stations ${MARKER} were observed?`;

describe('privacy: question text only at debug level', () => {
  let info: Harness;
  let debug: Harness;

  beforeAll(async () => {
    info = await startLoggedBot({ engines: countingEngines(() => engine), level: 'info' });
    debug = await startLoggedBot({ engines: countingEngines(() => engine), level: 'debug' });
  });

  afterAll(async () => {
    await info?.stop();
    await debug?.stop();
  });

  /** /ask, "More passages", /search and a mention with the marked question; plus an /ask whose answer Discord rejects (400). */
  async function askEverywhere(h: Harness): Promise<void> {
    const ix = await h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: MARKED }, user: h.user() });
    const answer = await ix.editOriginal();
    expect(embedOf(answer.body).description).toMatch(/^> /u);
    const more = await h.fake.sendInteraction({ kind: 'button', customId: button(answer.body, 'More passages').custom_id, user: h.user() });
    await more.editOriginal();
    await (await h.fake.sendInteraction({ kind: 'slash', name: 'search', options: { query: MARKED }, user: h.user() })).editOriginal();
    await (await h.fake.sendMessage({ content: MARKED, mentionBot: true, author: h.user() })).waitForReply();
    h.fake.injectFault('PATCH /webhooks/:appId/:token/messages/:messageId', { kind: 'error', status: 400, code: 50035, message: 'Invalid Form Body' });
    const rejected = await h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: MARKED }, user: h.user() });
    await rejected.waitFor('PATCH /webhooks/:appId/:token/messages/:messageId', { where: (r) => r.status === 400 });
    await expect.poll(() => h.logs.find((r) => r.interactionId === rejected.id && r.msg === 'interaction failed')).toHaveLength(1);
  }

  it('at info level no log line holds the question; each carries ids, length and latency', async () => {
    await askEverywhere(info);
    expect(info.logs.text).not.toContain(MARKER);
    const answered = info.logs.find((r) => r.msg === 'answered /ask');
    expect(answered.length).toBeGreaterThanOrEqual(1);
    for (const r of answered) {
      expect(r).toMatchObject({ level: 30, command: 'ask', questionLength: MARKED.length });
      expect(typeof r.interactionId).toBe('string');
      expect(typeof r.userId).toBe('string');
      expect(typeof r.latencyMs).toBe('number');
      expect(typeof r.ackMs).toBe('number');
      expect(typeof r.queuedMs).toBe('number');
    }
    const message = info.logs.find((r) => r.msg === 'answered a message');
    expect(message).toHaveLength(1);
    expect(message[0]).toMatchObject({ questionLength: MARKED.length });
    expect(typeof message[0]?.messageId).toBe('string');
    expect(typeof message[0]?.latencyMs).toBe('number');
    for (const msg of ['answered /search', 'answered More passages']) expect(info.logs.find((r) => r.msg === msg), msg).toHaveLength(1);
    // The Discord error (which carries the payload we sent, the question in it) is logged without it.
    expect(info.logs.find((r) => r.msg === 'interaction failed')).toHaveLength(1);
  });

  it('at debug level the question appears only in debug records', async () => {
    await askEverywhere(debug);
    const withText = debug.logs.records.filter((r) => JSON.stringify(r).includes(MARKER));
    expect(withText.length).toBeGreaterThanOrEqual(3);
    for (const r of withText) expect(r.level, JSON.stringify(r).slice(0, 200)).toBe(20);
  });
});

describe('no pings', () => {
  it('@everyone and @here are broken wherever they occur, inside words too', () => {
    for (const text of ['@everyone', 'x@everyone.org', '@hereby', '@@here', '(@everyone)']) expect(neutralizeMentions(text)).not.toMatch(/@(?:everyone|here)/u);
  });
});
