import { describe, expect, it } from 'vitest';
import { encodeCustomId, parseCustomId } from '../../src/bot/custom-id.js';
import { compactRef, textHash } from '../../src/bot/hash.js';
import { RateLimiter, rateLimitMessage } from '../../src/bot/rate-limit.js';
import { TtlMap } from '../../src/bot/ttl-map.js';
import { mentionsBot, stripBotMention } from '../../src/bot/events/messageCreate.js';
import { commandData } from '../../src/bot/commands/index.js';
import { PassThrough } from 'node:stream';
import { QuestionError } from '../../src/answer/question.js';
import { PROMPT, runTerminalSession } from '../../src/bot/terminal.js';
import type { Engine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/log/logger.js';
import { LogCapture } from './harness.js';

describe('custom ids', () => {
  it('round-trip every kind within 100 characters', () => {
    const ids = [
      { kind: 'more', offset: 3, state: 'AbC_d-1234' },
      { kind: 'passage', slot: 4, hash: textHash('paragraph'), ref: 'kz-2012-parliamentary-psopfc#p47.0' },
      { kind: 'sectionPage', page: 2, hash: textHash('section'), key: compactRef(`report:${'x'.repeat(200)}`, 80) },
    ] as const;
    for (const id of ids) {
      const text = encodeCustomId(id);
      expect(text.length).toBeLessThanOrEqual(100);
      expect(parseCustomId(text)).toEqual(id);
    }
  });

  it('refer to long ids by hash', () => {
    const long = `report-with-a-very-long-identifier:${'section/'.repeat(20)}`;
    const ref = compactRef(long, 80);
    expect(ref).toMatch(/^#[A-Za-z0-9_-]{16}$/u);
    expect(compactRef('short-id', 80)).toBe('short-id');
  });

  it('parse anything malformed to null', () => {
    for (const bad of ['', 'x|1|2', 'm|abc|state12345', 'm|3', 'm|3|bad state!', 'p|1|short|ref', 'p|1|12345678|', 's|-1|12345678|key', 'p|1|12345678|' + 'r'.repeat(81), 'm|3|AbCd1234|extra', 'z'.repeat(101)]) {
      expect(parseCustomId(bad), bad).toBeNull();
    }
  });

  it('refuse to encode what would not parse back', () => {
    expect(() => encodeCustomId({ kind: 'passage', slot: 0, hash: 'short', ref: 'x' })).toThrow(RangeError);
  });
});

describe('TtlMap', () => {
  it('expires entries after the TTL and evicts the oldest beyond the bound', () => {
    let now = 0;
    const map = new TtlMap<string, number>(3, 1000, () => now);
    map.set('a', 1);
    now = 500;
    map.set('b', 2);
    expect(map.get('a')).toBe(1);
    now = 1000;
    expect(map.get('a')).toBeUndefined();
    expect(map.get('b')).toBe(2);
    map.set('c', 3);
    map.set('d', 4);
    map.set('e', 5);
    expect(map.size).toBeLessThanOrEqual(3);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('e')).toBe(5);
  });
});

describe('RateLimiter', () => {
  it('allows `limit` questions per sliding window per user', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 30_000, () => now);
    expect(limiter.take('u1').ok).toBe(true);
    now = 10_000;
    expect(limiter.take('u1').ok).toBe(true);
    const refused = limiter.take('u1');
    expect(refused).toEqual({ ok: false, retryAfterMs: 20_000 });
    expect(limiter.take('u2').ok).toBe(true);
    now = 30_000;
    expect(limiter.take('u1').ok).toBe(true);
    // A Discord relative timestamp of the moment the limit lifts, rounded up to the second (never before it).
    expect(rateLimitMessage(20_000, 1_700_000_000_000)).toBe("You're asking quickly: you can ask again <t:1700000020:R>.");
    expect(rateLimitMessage(20_000, 1_700_000_000_001)).toBe("You're asking quickly: you can ask again <t:1700000021:R>.");
    expect(rateLimitMessage(0, 1_700_000_000_000)).toBe("You're asking quickly: you can ask again <t:1700000001:R>.");
    expect(rateLimitMessage(20_000)).not.toMatch(/wait|\d+ s\b/u);
  });
});

describe('mentions', () => {
  it('detects and strips only the bot mention', () => {
    expect(mentionsBot('<@42> hello', '42')).toBe(true);
    expect(mentionsBot('<@!42> hello', '42')).toBe(true);
    expect(mentionsBot('@everyone <@420> <@&42>', '42')).toBe(false);
    expect(stripBotMention('<@42> what about <@7>?', '42')).toBe('what about <@7>?');
  });
});

describe('command definitions', () => {
  it('define every command once, with valid options and contexts', () => {
    const data = commandData();
    expect(data.map((c) => c.name)).toEqual(['ask', 'search', 'section', 'footnote', 'about', 'help', 'config', 'reindex', 'Ask Verbatim']);
    // Admin commands: servers only, guild install only, Manage Server by default (and checked in code).
    for (const name of ['reindex', 'config']) {
      const c = data.find((x) => x.name === name);
      expect(c?.contexts, name).toEqual([0]);
      expect(c?.integration_types, name).toEqual([0]);
      expect(c?.default_member_permissions, name).toBe(String(1n << 5n));
    }
    // Reading commands also work user-installed, in DMs and group DMs.
    for (const c of data.filter((x) => x.name !== 'reindex' && x.name !== 'config')) {
      // (the message context-menu command, type 3, too)
      expect(c.contexts, c.name).toEqual([0, 1, 2]);
      expect(c.integration_types, c.name).toEqual([0, 1]);
    }
    const footnote = data.find((c) => c.name === 'footnote');
    expect(footnote && 'options' in footnote ? footnote.options?.find((o) => o.name === 'number') : undefined).toMatchObject({ autocomplete: true, required: true });
    // The message context-menu command (type 3): no description, no options.
    expect(data.find((c) => c.name === 'Ask Verbatim')).toMatchObject({ type: 3 });
    const section = data.find((c) => c.name === 'section');
    const options = section && 'options' in section ? section.options : undefined;
    expect(options?.find((o) => o.name === 'name')).toMatchObject({ autocomplete: true, required: true });
  });
});

describe('logger', () => {
  it('redacts token paths', () => {
    const logs = new LogCapture();
    const log = createLogger({ level: 'info', destination: logs.stream, pretty: false });
    log.info({ token: 'secret-1', config: { discord: { token: 'secret-2' } }, headers: { authorization: 'Bot secret-3' } }, 'x');
    expect(logs.text).not.toMatch(/secret-/u);
    expect(logs.records[0]).toMatchObject({ token: '[redacted]', config: { discord: { token: '[redacted]' } }, headers: { authorization: '[redacted]' } });
  });
});

describe('terminal session', () => {
  /** A stand-in Engine: questions only call ask() (and read the report list). */
  const engine = {
    reports: [],
    ask: async (q: string) => {
      if (q === 'bad') throw new QuestionError('Please ask a question in words: that message has no words to search for.');
      return { answer: { answered: false, question: q, quotes: [], suggestions: ['Election Day'] } };
    },
  } as unknown as Engine;

  async function session(lines: string, interactive: boolean): Promise<string> {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const done = runTerminalSession(engine, { input, output, interactive });
    input.end(lines);
    await done;
    return out;
  }

  it('answers each line of piped stdin and ends at EOF, without a prompt', async () => {
    const out = await session('Who won?\n\nbad\n', false);
    expect(out).toBe('The report does not answer this question.\n\nClosest sections:\n  - Election Day\n\nPlease ask a question in words: that message has no words to search for.\n\n');
  });

  it('prompts "Ask> " on a TTY and stops at "exit"', async () => {
    const out = await session('Who won?\nexit\nnot asked\n', true);
    expect(out).toContain(PROMPT);
    // One answer: the session stopped at "exit" (the terminal echoes what was typed, so count answers).
    expect(out.match(/The report does not answer this question\./gu)).toHaveLength(1);
  });
});

describe('whichReportNote', () => {
  it('says which report a lookup shows only when several are indexed', async () => {
    const { whichReportNote } = await import('../../src/bot/commands/shared.js');
    const kz = { meta: { id: 'kz', shortTitle: 'Kazakhstan 2012' } };
    const kg = { meta: { id: 'kg', shortTitle: 'Kyrgyzstan 2011' } };
    expect(whichReportNote([kz], 'kz')).toBeNull();
    expect(whichReportNote([kz, kg], 'kz')).toBe('Note: 2 reports are indexed; this is from “Kazakhstan 2012”. Choose another with the `report` option.');
  });
});
