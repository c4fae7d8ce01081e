/**
 * An error after a public deferral ("Verbatim is thinking…" in the channel) must not become a public message
 * that stays: the deferred reply is deleted and only the asker is told, ephemerally.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERIC_ERROR_MESSAGE } from '../../src/bot/errors.js';
import type { Engine } from '../../src/engine/engine.js';
import { contentOf, EPHEMERAL, fixedEngines, flagsOf, openTestEngine, startHarness, stopHarness, type Harness } from './harness.js';

describe('an error after a public deferral', () => {
  let engine: Engine;
  let failing: Engine;
  let h: Harness;

  beforeAll(async () => {
    engine = await openTestEngine();
    // The real engine, but its answers fail (an unexpected error, after the bot has deferred).
    failing = Object.create(engine) as Engine;
    failing.ask = () => Promise.reject(new Error('boom'));
    h = await startHarness({ engines: fixedEngines(failing), level: 'fatal' });
  });

  afterAll(() => stopHarness(h, engine));

  it('deletes the public "thinking" reply and tells only the asker', async () => {
    const ix = await h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: 'What was the turnout?' }, user: h.user() });
    const callback = await ix.callback();
    expect(callback.body).toMatchObject({ type: 5 });
    expect(flagsOf(callback.body) & EPHEMERAL).toBe(0);
    const followUp = await ix.followUp();
    expect(contentOf(followUp.body)).toBe(GENERIC_ERROR_MESSAGE);
    expect(flagsOf(followUp.body) & EPHEMERAL).toBe(EPHEMERAL);
    expect(ix.requests().some((r) => r.method === 'DELETE' && r.status < 300)).toBe(true);
    expect(ix.original()).toBeNull();
    // Nothing public carries the error.
    expect(h.fake.findRequests('PATCH /webhooks/:appId/:token/messages/@original').filter((r) => r.link?.id === ix.id)).toEqual([]);
  });
});
