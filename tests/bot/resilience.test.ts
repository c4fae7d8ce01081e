/**
 * Discord misbehaving and slow answers: the 3-second acknowledgement deadline
 * under a 4-second answer, 429s waited out, 10062 and 50013 handled without a
 * crash, and a dropped gateway connection that resumes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Events } from 'discord.js';
import { GatewayOpcodes } from 'discord-api-types/v10';
import type { EngineSource } from '../../src/bot/context.js';
import { MISSING_PERMISSIONS_MESSAGE } from '../../src/bot/errors.js';
import type { Engine } from '../../src/engine/engine.js';
import { contentOf, embedOf, expectAllPayloadsSafe, type Harness, openTestEngine, startHarness, stopHarness, withAsk } from './harness.js';

const QUESTION = 'How many polling stations were observed?';
const SLOW_MS = 4000;
const BIG_K = 40;

let engine: Engine;
type Mode = 'normal' | 'slow' | 'bigK';
let mode: Mode = 'normal';
const variants = new Map<Mode, Engine>();
let h: Harness;


beforeAll(async () => {
  engine = await openTestEngine();
  variants.set('normal', engine);
  // ask() takes 4 s more.
  variants.set('slow', withAsk(engine, async (q, o) => {
    await new Promise((r) => setTimeout(r, SLOW_MS));
    return engine.ask(q, o);
  }));
  // ask() quotes up to 40 passages instead of 3 (a forced large k).
  variants.set('bigK', withAsk(engine, (q, o) => engine.ask(q, { ...o, k: BIG_K })));
  const engines: EngineSource = {
    get current() {
      return variants.get(mode) ?? engine;
    },
    busy: false,
    reindex: () => Promise.reject(new Error('not in this test')),
  };
  h = await startHarness({ engines });
});

afterAll(() => stopHarness(h, engine));

const ask = (question = QUESTION) => h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question }, user: h.user() });

describe('the 3-second deadline', () => {
  it('acknowledges a 4-second answer in time by deferring first, then edits the answer in', async () => {
    mode = 'slow';
    try {
      const ix = await ask();
      const cb = await ix.callback();
      expect(cb.body).toMatchObject({ type: 5 });
      expect(cb.sinceDispatchMs).toBeLessThan(3000);
      const edit = await ix.editOriginal({ timeoutMs: SLOW_MS + 5000 });
      expect(edit.sinceDispatchMs).toBeGreaterThanOrEqual(SLOW_MS);
      expect(embedOf(edit.body).description).toMatch(/^> /u);
    } finally {
      mode = 'normal';
    }
  }, 15_000);
});

describe('long answers', () => {
  it('keep every payload within limits and attach the full answer as answer.md when the embed must shorten it', async () => {
    mode = 'bigK';
    try {
      const question = 'What did observers report about election day?';
      const full = (await engine.ask(question, { k: BIG_K })).answer;
      expect(full.quotes.map((q) => q.text).join('').length, 'the forced answer should not fit one embed').toBeGreaterThan(4096);
      const ix = await ask(question);
      const edit = await ix.editOriginal();
      const embed = embedOf(edit.body);
      expect(embed.description?.length).toBeLessThanOrEqual(4096);
      expect(embed.description).toContain('…');
      // Every quote keeps its citation line, even when shortened.
      expect(embed.description?.match(/^— /gmu)).toHaveLength(full.quotes.length);
      const markdown = edit.files.find((f) => f.filename === 'answer.md')?.data.toString('utf8') ?? '';
      for (const q of full.quotes) expect(markdown).toContain(q.text);
      expectAllPayloadsSafe(h.fake);
    } finally {
      mode = 'normal';
    }
  });
});

describe('429 rate limits', () => {
  it('waits out a 429 on the interaction callback and still acknowledges in time', async () => {
    h.fake.injectFault('POST /interactions/:id/:token/callback', { kind: 'rateLimit', retryAfter: 1 });
    const ix = await ask();
    const ok = await ix.callback({ timeoutMs: 5000 });
    const [limited] = ix.requests();
    expect(limited?.status).toBe(429);
    expect(ok.at - (limited?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(ok.sinceDispatchMs).toBeLessThan(3000);
    expect(embedOf((await ix.editOriginal()).body).description).toMatch(/^> /u);
  });

  it('waits out a 429 on the webhook edit', async () => {
    h.fake.injectFault('PATCH /webhooks/:appId/:token/messages/:messageId', { kind: 'rateLimit', retryAfter: 1 });
    const ix = await ask();
    const edit = await ix.editOriginal({ timeoutMs: 5000 });
    const patches = ix.requests().filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.status)).toEqual([429, 200]);
    expect(embedOf(edit.body).description).toMatch(/^> /u);
  });
});

describe('Discord errors', () => {
  it('logs 10062 Unknown interaction and carries on', async () => {
    h.fake.injectFault('POST /interactions/:id/:token/callback', 'unknownInteraction');
    const ix = await ask();
    const failed = await ix.waitFor('POST /interactions/:id/:token/callback');
    expect(failed.status).toBe(404);
    await expect.poll(() => h.logs.find((r) => r.code === 10062 && r.interactionId === ix.id)).toHaveLength(1);
    const next = await ask();
    expect(embedOf((await next.editOriginal()).body).description).toMatch(/^> /u);
  });

  it('on 50013 Missing permissions, tells the user ephemerally and logs once per channel', async () => {
    h.fake.injectFault('PATCH /webhooks/:appId/:token/messages/:messageId', 'missingPermissions', 2);
    const first = await ask();
    const told = await first.followUp();
    expect(contentOf(told.body)).toBe(MISSING_PERMISSIONS_MESSAGE);
    expect(told.body).toMatchObject({ flags: 64, allowed_mentions: { parse: [] } });
    const second = await ask();
    await second.followUp();
    expect(h.logs.find((r) => r.code === 50013 && r.channelId === h.fake.channelId)).toHaveLength(1);
  });

  it('on 50013 for a message reply, logs once per channel, stops trying there, and keeps answering elsewhere', async () => {
    const channel = h.fake.guild.channels[1]?.id ?? '';
    h.fake.injectFault((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`, 'missingPermissions', 1);
    const denied = await h.fake.sendMessage({ content: QUESTION, mentionBot: true, channelId: channel, author: h.user() });
    await h.fake.waitForRequest('POST /channels/:channelId/messages', { where: (r) => r.link?.id === denied.id && r.status === 403 });
    await expect.poll(() => h.logs.find((r) => r.code === 50013 && r.channelId === channel)).toHaveLength(1);
    // The next question there is not attempted at all (no typing, no reply); one elsewhere is answered.
    const skipped = await h.fake.sendMessage({ content: QUESTION, mentionBot: true, channelId: channel, author: h.user() });
    const ok = await h.fake.sendMessage({ content: QUESTION, mentionBot: true, author: h.user() });
    expect(embedOf((await ok.waitForReply()).body).description).toMatch(/^> /u);
    expect(skipped.requests()).toEqual([]);
    expect(h.logs.find((r) => r.code === 50013 && r.channelId === channel)).toHaveLength(1);
  });
});

describe('gateway', () => {
  it('resumes after a dropped connection and still answers', async () => {
    const mark = h.fake.gateway.lastFrameSeq;
    const resumed = new Promise<void>((resolve) => h.bot.client.once(Events.ShardResume, () => resolve()));
    h.fake.gateway.dropConnection();
    await h.fake.gateway.waitForClientOp(GatewayOpcodes.Resume, 10_000, mark);
    await resumed;
    const ix = await ask();
    expect((await ix.callback()).body).toMatchObject({ type: 5 });
    expect(embedOf((await ix.editOriginal()).body).description).toMatch(/^> /u);
    const msg = await h.fake.sendMessage({ content: QUESTION, mentionBot: true, author: h.user() });
    expect(embedOf((await msg.waitForReply()).body).description).toMatch(/^> /u);
  }, 15_000);
});

describe('afterwards', () => {
  it('every payload was safe, and nothing was logged as an error', () => {
    expectAllPayloadsSafe(h.fake);
    expect(h.logs.find((r) => r.level >= 50)).toEqual([]);
  });
});
