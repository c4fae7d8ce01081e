/**
 * The burst (the load targets, asserted at the harness level): 200
 * /ask interactions within one second through the fake Discord into the real
 * bot. Every one is acknowledged within 3 s (the fake also refuses later
 * callbacks) and answered within 15 s, the event loop is never blocked over
 * 250 ms, nothing crashes and nothing is logged as an error. The same code
 * runs `npm run bench -- --load` (src/bench/load.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLoad, formatLoad, LOAD_TARGETS, runLoad, type LoadResult } from '../../src/bench/load.js';
import type { Engine } from '../../src/engine/engine.js';
import { loadQuestions } from '../../src/eval/eval.js';
import { QueueFullError } from '../../src/bot/work-queue.js';
import { contentOf, EPHEMERAL, embedOf, expectAllPayloadsSafe, fixedEngines, flagsOf, openTestEngine } from '../bot/harness.js';
import { startLoggedBot } from './helpers.js';
import { ROOT } from '../helpers/corpus.js';

const COUNT = 200;
let engine: Engine;

beforeAll(async () => {
  engine = await openTestEngine();
});

afterAll(async () => {
  await engine?.embedder.dispose();
});

describe('a burst of 200 /ask within one second', () => {
  it('acknowledges every one within 3 s, answers every one within 15 s, never blocks the event loop over 250 ms', async () => {
    const questions = loadQuestions(`${ROOT}tests/fixtures/questions.dev.json`).map((q) => q.question);
    let answered = 0;
    const result: LoadResult = await runLoad({
      engines: fixedEngines(engine),
      count: COUNT,
      windowMs: 1000,
      questions,
      env: { INDEX_DIR: `${ROOT}index`, CORPUS_DIR: `${ROOT}corpus` },
      inspect: (fake) => {
        expect(expectAllPayloadsSafe(fake)).toBeGreaterThanOrEqual(COUNT);
        // Every answer is a real answer embed (quotes or the abstention), not an error message.
        const edits = fake.findRequests('PATCH /webhooks/:appId/:token/messages/@original').filter((r) => r.status < 300);
        for (const edit of edits) expect(embedOf(edit.body).description ?? '').toMatch(/^> |^In: “|^Searched for: |^The report does not answer/u);
        answered = edits.length;
      },
    });
    // The figures, in the test output (as `npm run bench -- --load` prints them).
    console.info(formatLoad(result));
    const report = JSON.stringify(result);
    expect(result.count, report).toBe(COUNT);
    expect(result.dispatchSpreadMs, report).toBeLessThanOrEqual(1100);
    expect(result.unacknowledged, report).toBe(0);
    expect(result.ack.n, report).toBe(COUNT);
    expect(result.ack.max, report).toBeLessThan(LOAD_TARGETS.ackMs);
    expect(result.unanswered, report).toBe(0);
    expect(answered, report).toBe(COUNT);
    expect(result.answer.max, report).toBeLessThan(LOAD_TARGETS.answerMs);
    expect(result.loopDelay.max, report).toBeLessThan(LOAD_TARGETS.loopDelayMs);
    expect(result.crashes, report).toBe(0);
    expect(result.errorLogs, report).toBe(0);
    expect(checkLoad(result).filter((c) => !c.ok), report).toEqual([]);
  }, 60_000);
});

describe('beyond the answer queue bound', () => {
  it('acknowledges, then says the bot is busy instead of queueing without limit; the queued questions are answered', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const gated = new Proxy(engine, {
      get(t, prop) {
        if (prop === 'ask') return async (...args: Parameters<Engine['ask']>) => (await gate, t.ask(...args));
        const value: unknown = Reflect.get(t, prop, t);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
      },
    });
    const h = await startLoggedBot({ engines: fixedEngines(gated), level: 'info', answerQueue: { concurrency: 1, maxQueued: 1 } });
    try {
      const ask = () => h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: 'How many polling stations were observed?', private: true }, user: h.user() });
      const running = await ask();
      await running.callback();
      const waiting = await ask();
      await waiting.callback();
      const refused = await ask();
      expect((await refused.callback()).body).toMatchObject({ type: 5 });
      const busy = await refused.editOriginal();
      expect(contentOf(busy.body)).toBe(new QueueFullError().message);
      expect(flagsOf(refused.original()) & EPHEMERAL).toBe(EPHEMERAL);
      release();
      for (const ix of [running, waiting]) expect(embedOf((await ix.editOriginal()).body).description).toMatch(/^> /u);
      expect(h.logs.find((r) => r.level >= 50)).toEqual([]);
    } finally {
      release();
      await h.stop();
    }
  });
});
