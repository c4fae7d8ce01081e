/**
 * Gateway trouble, each followed by a resume or a re-identify, after which an
 * /ask (and a mention) is still answered: a dropped connection (no close
 * frame), a reconnect request (op 7), and an invalid session (op 9) that is
 * not resumable (d: false → IDENTIFY) or is (d: true → RESUME).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayDispatchEvents, GatewayOpcodes } from 'discord-api-types/v10';
import type { Engine } from '../../src/engine/engine.js';
import { embedOf, expectAllPayloadsSafe, type Harness, startFixedHarness, stopHarness } from '../bot/harness.js';

const QUESTION = 'How many polling stations were observed?';
let engine: Engine;
let h: Harness;

beforeAll(async () => {
  ({ engine, h } = await startFixedHarness());
});

afterAll(() => stopHarness(h, engine));

/** An /ask and a mention, both answered with quotes. */
async function stillAnswers(): Promise<void> {
  const ix = await h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: QUESTION }, user: h.user() });
  const cb = await ix.callback();
  expect(cb.body).toMatchObject({ type: 5 });
  expect(cb.sinceDispatchMs).toBeLessThan(3000);
  expect(embedOf((await ix.editOriginal()).body).description).toMatch(/^> /u);
  const msg = await h.fake.sendMessage({ content: QUESTION, mentionBot: true, author: h.user() });
  expect(embedOf((await msg.waitForReply()).body).description).toMatch(/^> /u);
}

/** Runs `fault`, then waits for the client to answer with `op` and for the server to confirm with `confirm`. */
async function recovers(fault: () => void, op: GatewayOpcodes, confirm: GatewayDispatchEvents): Promise<void> {
  const mark = h.fake.gateway.lastFrameSeq;
  const sessionBefore = h.fake.gateway.sessionId;
  fault();
  await h.fake.gateway.waitForClientOp(op, 15_000, mark);
  await h.fake.gateway.waitForDispatch(confirm, 15_000, mark);
  await h.fake.gateway.waitForLive(15_000);
  if (op === GatewayOpcodes.Resume) expect(h.fake.gateway.sessionId).toBe(sessionBefore);
  else expect(h.fake.gateway.sessionId).not.toBe(sessionBefore);
}

describe('gateway trouble', () => {
  it('a dropped connection: resumes, then answers', async () => {
    await recovers(() => h.fake.gateway.dropConnection(), GatewayOpcodes.Resume, GatewayDispatchEvents.Resumed);
    await stillAnswers();
  }, 30_000);

  it('a reconnect request (op 7): reconnects and resumes, then answers', async () => {
    await recovers(() => h.fake.gateway.sendReconnect(), GatewayOpcodes.Resume, GatewayDispatchEvents.Resumed);
    await stillAnswers();
  }, 30_000);

  it('an invalid session that cannot be resumed (op 9, d: false): identifies anew, then answers', async () => {
    const identifies = h.fake.gateway.identifies.length;
    await recovers(() => h.fake.gateway.sendInvalidSession(false), GatewayOpcodes.Identify, GatewayDispatchEvents.Ready);
    expect(h.fake.gateway.identifies).toHaveLength(identifies + 1);
    await stillAnswers();
  }, 30_000);

  it('an invalid session that can be resumed (op 9, d: true): resumes, then answers', async () => {
    const identifies = h.fake.gateway.identifies.length;
    await recovers(() => h.fake.gateway.sendInvalidSession(true), GatewayOpcodes.Resume, GatewayDispatchEvents.Resumed);
    expect(h.fake.gateway.identifies).toHaveLength(identifies);
    await stillAnswers();
  }, 30_000);

  it('sent only safe payloads and logged no error through all of it', () => {
    expect(expectAllPayloadsSafe(h.fake)).toBeGreaterThanOrEqual(8);
    expect(h.logs.find((r) => r.level >= 50)).toEqual([]);
    expect(h.bot.client.isReady()).toBe(true);
  });
});
