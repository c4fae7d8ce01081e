/**
 * REST errors: 5xx answers are retried (REST_RETRIES, at once), a burst of
 * 429s with Retry-After is waited out (per route and global), and when
 * Discord keeps failing the bot gives up on that one answer, says so, and
 * keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOptions, REST_RETRIES } from '../../src/bot/client.js';
import { GENERIC_ERROR_MESSAGE } from '../../src/bot/errors.js';
import type { Engine } from '../../src/engine/engine.js';
import { contentOf, embedOf, EPHEMERAL, flagsOf, type Harness, startFixedHarness, stopHarness } from '../bot/harness.js';

const QUESTION = 'How many polling stations were observed?';
const EDIT = 'PATCH /webhooks/:appId/:token/messages/:messageId';
const CALLBACK = 'POST /interactions/:id/:token/callback';
let engine: Engine;
let h: Harness;

beforeAll(async () => {
  ({ engine, h } = await startFixedHarness());
});

afterAll(() => stopHarness(h, engine));

const ask = () => h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: QUESTION }, user: h.user() });

describe('5xx', () => {
  it('the client is configured to retry', () => {
    expect(REST_RETRIES).toBe(3);
    expect(clientOptions({ askChannelIds: [] }).rest).toMatchObject({ retries: 3 });
    expect(clientOptions({ askChannelIds: [], apiBaseUrl: 'http://127.0.0.1:1/api' }).rest).toMatchObject({ retries: 3, api: 'http://127.0.0.1:1/api' });
  });

  it('a 500 then a 502 on the answer edit: retried, and the answer lands', async () => {
    h.fake.injectFault(EDIT, 500);
    h.fake.injectFault(EDIT, 502);
    const ix = await ask();
    const edit = await ix.editOriginal();
    expect(embedOf(edit.body).description).toMatch(/^> /u);
    expect(ix.requests().filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([500, 502, 200]);
  });

  it('a 502 on the acknowledgement: retried within the 3 s deadline', async () => {
    h.fake.injectFault(CALLBACK, 502);
    const ix = await ask();
    const cb = await ix.callback();
    expect(cb.sinceDispatchMs).toBeLessThan(3000);
    expect(ix.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/callback')).map((r) => r.status)).toEqual([502, 204]);
    expect(embedOf((await ix.editOriginal()).body).description).toMatch(/^> /u);
  });

  it('5xx beyond the retries: gives up on that answer after 1 + 3 tries, tells the user, and keeps serving', async () => {
    h.fake.injectFault(EDIT, 500, 1 + REST_RETRIES);
    const ix = await ask();
    // The public "thinking…" is deleted and the asker alone told (an error after a public deferral).
    const told = await ix.followUp({ timeoutMs: 10_000 });
    expect(contentOf(told.body)).toBe(GENERIC_ERROR_MESSAGE);
    expect(flagsOf(told.body) & EPHEMERAL).toBe(EPHEMERAL);
    expect(ix.requests().filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([500, 500, 500, 500]);
    await expect.poll(() => h.logs.find((r) => r.interactionId === ix.id && r.level >= 50)).toHaveLength(1);
    const next = await ask();
    expect(embedOf((await next.editOriginal()).body).description).toMatch(/^> /u);
  });
});

describe('a burst of 429s', () => {
  it('is waited out: six questions at once, each edit rate limited once, all answered after Retry-After', async () => {
    h.fake.injectFault(EDIT, { kind: 'rateLimit', retryAfter: 1 }, 6);
    const ixs = await Promise.all(Array.from({ length: 6 }, () => ask()));
    const edits = await Promise.all(ixs.map((ix) => ix.editOriginal({ timeoutMs: 10_000 })));
    for (const [i, ix] of ixs.entries()) {
      expect(embedOf(edits[i]?.body).description).toMatch(/^> /u);
      const patches = ix.requests().filter((r) => r.method === 'PATCH');
      expect(patches.map((r) => r.status)).toEqual([429, 200]);
      expect((patches[1]?.at ?? 0) - (patches[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    }
  }, 20_000);

  it('is waited out when global, for a mention reply, and on an acknowledgement', async () => {
    h.fake.injectFault('POST /channels/:channelId/messages', { kind: 'rateLimit', retryAfter: 1, global: true });
    h.fake.injectFault(CALLBACK, { kind: 'rateLimit', retryAfter: 1 });
    const msg = await h.fake.sendMessage({ content: QUESTION, mentionBot: true, author: h.user() });
    const ix = await ask();
    const cb = await ix.callback({ timeoutMs: 5000 });
    expect(cb.sinceDispatchMs).toBeLessThan(3000);
    expect(embedOf((await ix.editOriginal({ timeoutMs: 10_000 })).body).description).toMatch(/^> /u);
    const reply = await msg.waitForReply({ timeoutMs: 10_000 });
    expect(embedOf(reply.body).description).toMatch(/^> /u);
    const posts = h.fake.findRequests('POST /channels/:channelId/messages').filter((r) => r.link?.id === msg.id);
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
  }, 20_000);
});

describe('afterwards', () => {
  it('logged an error only for the answer it gave up on, and no crash', () => {
    expect(h.logs.find((r) => r.level >= 50)).toHaveLength(1);
    expect(h.bot.client.isReady()).toBe(true);
  });
});
