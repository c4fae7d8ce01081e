/**
 * Bot.stop in steps (src/bot/lifecycle.ts), through the real client against
 * the fake Discord, with answers slow enough to be caught in flight.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { contentOf, embedOf, EPHEMERAL, fixedEngines, flagsOf, openTestEngine, startHarness, withAsk, type Harness } from './harness.js';

const QUESTION = 'How many polling stations were observed?';
const RESTARTING = 'Verbatim is restarting and could not answer this one. Please ask again in a minute.';
const SLOW_MS = 400;

let engine: Engine;
let h: Harness;

beforeAll(async () => {
  engine = await openTestEngine();
  const slow = withAsk(engine, async (q, o) => {
    await new Promise((r) => setTimeout(r, SLOW_MS));
    return engine.ask(q, o);
  });
  h = await startHarness({ engines: fixedEngines(slow) });
});

afterAll(async () => {
  await h?.fake.stop();
  await engine?.embedder.dispose();
});

describe('stopping', () => {
  it('is ready while connected, and a feature can add a readiness check of its own', () => {
    expect(h.bot.health()).toMatchObject({ ready: true, problems: [], details: { index: { reports: 1 } } });
    let broken = true;
    h.bot.addHealthCheck(() => (broken ? 'the feedback store is not writable' : null));
    expect(h.bot.health()).toMatchObject({ ready: false, problems: ['the feedback store is not writable'] });
    broken = false;
    expect(h.bot.health().ready).toBe(true);
  });

  it('finishes what it can within the grace period, fails the rest with a clear message, refuses new questions, then disconnects', async () => {
    const asks = [];
    for (let i = 0; i < 3; i++) asks.push(await h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: QUESTION }, user: h.user() }));
    await Promise.all(asks.map((ix) => ix.callback()));
    const mention = await h.fake.sendMessage({ content: QUESTION, mentionBot: true, author: h.user() });
    await expect.poll(() => h.bot.ctx.answers.queued + h.bot.ctx.answers.running).toBe(4);

    // Grace 600 ms: the first answer (400 ms) finishes, the second is running when it ends (and finishes), the rest were waiting.
    const stopping = h.bot.stop({ graceMs: 600, finalMs: 2000 });
    const late = await h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: QUESTION }, user: h.user() });
    const refused = await late.callback();
    expect(flagsOf(refused.body) & EPHEMERAL).toBe(EPHEMERAL);
    expect(contentOf(refused.body)).toBe(RESTARTING);

    const summary = await stopping;
    expect(summary).toEqual({ inFlight: 4, drained: true, failedWaiting: 2 });
    const edits = await Promise.all(asks.slice(0, 2).map((ix) => ix.editOriginal()));
    expect(embedOf(edits[0]?.body).description).toMatch(/^> /u);
    expect(embedOf(edits[1]?.body).description).toMatch(/^> /u);
    // The one that never ran: its public "thinking…" goes, and only its asker is told.
    const told = await asks[2]?.followUp();
    expect(contentOf(told?.body)).toBe(RESTARTING);
    expect(flagsOf(told?.body) & EPHEMERAL).toBe(EPHEMERAL);
    expect(contentOf((await mention.waitForReply()).body)).toBe(RESTARTING);
    expect(h.bot.client.isReady()).toBe(false);
    expect(h.bot.health()).toMatchObject({ ready: false, problems: expect.arrayContaining(['not connected to Discord', 'shutting down']) });
    expect(h.logs.find((r) => r.level >= 50)).toEqual([]);
  }, 30_000);
});
