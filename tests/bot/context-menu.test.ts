/**
 * The "Ask Verbatim" message context-menu command through the real client
 * against the fake Discord: the target message's text is the question.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAME, NO_TEXT_MESSAGE } from '../../src/bot/commands/ask-message.js';
import { MAX_QUESTION_LENGTH } from '../../src/answer/question.js';
import type { Engine } from '../../src/engine/engine.js';
import { escapeText } from '../../src/render/discord.js';
import { contentOf, embedOf, EPHEMERAL, expectAllPayloadsSafe, flagsOf, type Harness, startFixedHarness, stopHarness } from './harness.js';

let engine: Engine;
let h: Harness;

beforeAll(async () => {
  ({ engine, h } = await startFixedHarness());
});

afterAll(() => stopHarness(h, engine));

const CLAIM = 'Voter turnout was 75 per cent';

describe('Ask Verbatim (message context menu)', () => {
  it('answers the target message text publicly, as /ask renders it', async () => {
    const target = await h.fake.sendMessage({ content: CLAIM, author: h.user() });
    const expected = (await engine.ask(CLAIM, { k: 3 })).answer;
    const ix = await h.fake.sendInteraction({ kind: 'messageCommand', name: NAME, target: target.id, user: h.user() });
    const cb = await ix.callback();
    expect(cb.body).toMatchObject({ type: 5 });
    expect(flagsOf(cb.body) & EPHEMERAL).toBe(0);
    const edit = await ix.editOriginal({ timeoutMs: 30_000 });
    const embed = embedOf(edit.body);
    expect(embed.title).toBe(CLAIM);
    expect(expected.quotes.length).toBeGreaterThan(0);
    for (const q of expected.quotes) expect(embed.description).toContain(escapeText(q.text));
    expect(edit.body).toMatchObject({ allowed_mentions: { parse: [] } });
  });

  it('cleans the text as other questions are: mentions are not part of the question and never ping', async () => {
    const target = await h.fake.sendMessage({ content: `@everyone <@${h.fake.users.mod.id}> ${CLAIM}`, mentionBot: true, author: h.user() });
    const ix = await h.fake.sendInteraction({ kind: 'messageCommand', name: NAME, target: target.id, user: h.user() });
    const edit = await ix.editOriginal({ timeoutMs: 30_000 });
    expect(embedOf(edit.body).title).toBe(CLAIM);
    expect(JSON.stringify(edit.body)).not.toMatch(/@everyone|<@!?\d/u);
  });

  it('a long pasted text is cut at a word to the question limit and answered', async () => {
    const long = `${CLAIM}. ${'The observers noted many things about the elections. '.repeat(40)}`;
    expect(long.length).toBeGreaterThan(MAX_QUESTION_LENGTH);
    const target = await h.fake.sendMessage({ content: long, author: h.user() });
    const ix = await h.fake.sendInteraction({ kind: 'messageCommand', name: NAME, target: target.id, user: h.user() });
    const edit = await ix.editOriginal({ timeoutMs: 30_000 });
    const title = embedOf(edit.body).title ?? '';
    expect(title.startsWith(CLAIM)).toBe(true);
  });

  it('a message without text gets one ephemeral line', async () => {
    const target = await h.fake.sendMessage({ content: '', attachments: [{ filename: 'chart.png', contentType: 'image/png' }], author: h.user() });
    const ix = await h.fake.sendInteraction({ kind: 'messageCommand', name: NAME, target: target.id, user: h.user() });
    const cb = await ix.callback();
    expect(cb.body).toMatchObject({ type: 4 });
    expect(flagsOf(cb.body) & EPHEMERAL).toBe(EPHEMERAL);
    expect(contentOf(cb.body)).toBe(NO_TEXT_MESSAGE);
  });

  it('a message with only mentions gets one ephemeral line too', async () => {
    const target = await h.fake.sendMessage({ content: `<@${h.fake.users.mod.id}>`, author: h.user() });
    const ix = await h.fake.sendInteraction({ kind: 'messageCommand', name: NAME, target: target.id, user: h.user() });
    const cb = await ix.callback();
    expect(flagsOf(cb.body) & EPHEMERAL).toBe(EPHEMERAL);
    expect(contentOf(cb.body)).toBe('Please ask a question: the message was empty.');
  });

  it('every payload carried allowed_mentions parse [] and stayed within limits; no errors were logged', () => {
    expect(expectAllPayloadsSafe(h.fake)).toBeGreaterThanOrEqual(5);
    expect(h.logs.find((r) => r.level >= 50)).toEqual([]);
  });
});
