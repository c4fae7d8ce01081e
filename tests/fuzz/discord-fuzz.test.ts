/**
 * Fuzz over the wire: 150 of the hostile questions through the fake Discord
 * into the real bot, as /ask (public or private) and as a message mentioning
 * the bot. Checks what Discord actually received: every interaction
 * acknowledged and then answered or refused in one ephemeral line, every
 * mention replied to, every payload within Discord's limits with
 * allowed_mentions.parse: [] and no live mention in any visible text, and no
 * error logged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { contentOf, EPHEMERAL, expectAllPayloadsSafe, flagsOf, type Harness, messagePayload, startFixedHarness, stopHarness } from '../bot/harness.js';
import { hostileQuestions } from './hostile.js';
import { expectSafe } from './payloads.js';

const COUNT = 150;
const BATCH = 10;
let engine: Engine;
let h: Harness;

beforeAll(async () => {
  ({ engine, h } = await startFixedHarness());
});

afterAll(() => stopHarness(h, engine));

/** One question as /ask: acknowledged, then answered (deferred + edit) or refused (one ephemeral line). */
async function viaSlash(question: string, i: number): Promise<void> {
  const ix = await h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question, private: i % 2 === 0 }, user: h.user() });
  const cb = await ix.callback({ timeoutMs: 10_000 });
  expect(cb.sinceDispatchMs).toBeLessThan(3000);
  const type = (cb.body as { type: number }).type;
  if (type === 5) {
    await ix.editOriginal({ timeoutMs: 10_000 });
  } else {
    expect(type, `#${i}`).toBe(4);
    expect(flagsOf(cb.body) & EPHEMERAL, `#${i}`).toBe(EPHEMERAL);
    expect(contentOf(cb.body).split('\n'), `#${i}`).toHaveLength(1);
  }
}

/** The same words in a message mentioning the bot: replied to (an answer, or the refusal). */
async function viaMention(question: string): Promise<void> {
  const msg = await h.fake.sendMessage({ content: question, mentionBot: true, author: h.user() });
  await msg.waitForReply({ timeoutMs: 10_000 });
}

describe('hostile questions over the wire', () => {
  it(`answers or refuses ${COUNT} of them as /ask and as mentions, with only safe payloads`, async () => {
    const questions = hostileQuestions(COUNT, 11);
    for (let start = 0; start < COUNT; start += BATCH) {
      const batch = questions.slice(start, start + BATCH);
      await Promise.all(batch.flatMap((q, j) => [viaSlash(q, start + j), viaMention(q)]));
    }
    expect(expectAllPayloadsSafe(h.fake)).toBeGreaterThanOrEqual(2 * COUNT);
    for (const r of h.fake.requests) {
      const body = messagePayload(r);
      if (body) expectSafe(body, `${r.method} ${r.path}`);
    }
    expect(h.logs.find((r) => r.level >= 50)).toEqual([]);
  }, 120_000);
});
