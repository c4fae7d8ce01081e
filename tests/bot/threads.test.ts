/**
 * Follow-ups in threads (ANSWER_THREADS, src/bot/threads.ts) through the real
 * client against the fake Discord: an answer in an ask channel opens a thread
 * on the question and is posted there; a question in that thread is a
 * follow-up (it gets the previous question, from memory or read back from the
 * thread after a restart); a mention elsewhere answers in place; without the
 * Create Public Threads permission the answer goes in place and the refusal
 * is logged once; ANSWER_THREADS=off never opens one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelType, PermissionFlagsBits, type APIMessage, type APIThreadChannel } from 'discord-api-types/v10';
import type { Engine } from '../../src/engine/engine.js';
import { escapeText } from '../../src/render/discord.js';
import { DEFAULT_EVERYONE_PERMISSIONS } from '../fake-discord/world.js';
import type { RecordedRequest } from '../fake-discord/index.js';
import { button, embedOf, expectAllPayloadsSafe, fixedEngines, type Harness, openTestEngine, startHarness } from './harness.js';

/** A question and a follow-up whose best passage changes with the question before it (checked below). */
const FIRST = 'Were candidates deregistered?';
const FOLLOW_UP = 'why?';
/** What the follow-up's best passage says with its context: the candidates' tax declarations. */
const FOLLOW_UP_ANSWER = /candidates.*\btax\b/u;

let engine: Engine;
let h: Harness;
let askChannel: string;
let deniedAskChannel: string;

beforeAll(async () => {
  engine = await openTestEngine();
  h = await startHarness({
    engines: fixedEngines(engine),
    fake: {
      // The second guild's @everyone (and so the bot) lacks Create Public Threads.
      guilds: [{}, { name: 'No threads', everyonePermissions: DEFAULT_EVERYONE_PERMISSIONS & ~PermissionFlagsBits.CreatePublicThreads }],
    },
    env: (fake) => {
      const [, second] = [...fake.world.guilds.values()];
      askChannel = fake.guild.channels[1]?.id ?? '';
      deniedAskChannel = second?.channels[1]?.id ?? '';
      return { ASK_CHANNEL_IDS: `${askChannel},${deniedAskChannel}` };
    },
  });
});

afterAll(async () => {
  await h?.stop();
  await engine?.embedder.dispose();
});

const threadRoute = 'POST /channels/:channelId/messages/:messageId/threads';

/** The answer the bot posted in `channelId` after `after`. */
function postIn(channelId: string, after: number): Promise<RecordedRequest> {
  return h.fake.waitForRequest('POST /channels/:channelId/messages', { after, timeoutMs: 30_000, where: (r) => r.params.channelId === channelId && r.status < 300 });
}

/** Asks FIRST in the ask channel and returns the thread the answer was posted in. */
async function askInAskChannel(): Promise<{ thread: APIThreadChannel; answer: RecordedRequest; question: APIMessage }> {
  const mark = h.fake.mark();
  const msg = await h.fake.sendMessage({ content: FIRST, channelId: askChannel, author: h.user() });
  const created = await h.fake.waitForRequest(threadRoute, { after: mark, timeoutMs: 30_000, where: (r) => r.params.messageId === msg.id });
  expect(created.status, JSON.stringify(created.response)).toBe(201);
  const thread = created.response as APIThreadChannel;
  const answer = await postIn(thread.id, mark);
  // The bot is done with the question (the thread's state is stored) once it has logged it.
  await expect.poll(() => h.logs.find((r) => r.msg === 'answered a message' && r.messageId === msg.id)).toHaveLength(1);
  return { thread, answer, question: msg.message };
}

describe('threads for follow-ups (ANSWER_THREADS=ask-channels, the default)', () => {
  it('the context changes the best passage of the follow-up (so the tests below can tell)', async () => {
    const alone = (await engine.ask(FOLLOW_UP)).ranked[0]?.text;
    const followUp = (await engine.ask(FOLLOW_UP, { context: { previousQuestion: FIRST } })).ranked[0]?.text;
    expect(followUp).toMatch(FOLLOW_UP_ANSWER);
    expect(alone).not.toBe(followUp);
  });

  it('an answer in an ask channel opens a thread on the question, named after it, and is posted there', async () => {
    const { thread, answer, question } = await askInAskChannel();
    expect(thread).toMatchObject({ id: question.id, type: ChannelType.PublicThread, parent_id: askChannel, owner_id: h.fake.bot.id, name: FIRST });
    const body = h.fake.findRequests(threadRoute).find((r) => r.params.messageId === question.id)?.body;
    expect(body).toMatchObject({ name: FIRST, auto_archive_duration: 1440 });
    expect(embedOf(answer.body).title).toBe(FIRST);
    expect(answer.body).toMatchObject({ allowed_mentions: { parse: [] } });
    // Not also answered in the channel itself.
    expect(h.fake.findRequests('POST /channels/:channelId/messages').filter((r) => r.params.channelId === askChannel && r.seq > answer.seq - 10 && JSON.stringify(r.body).includes(question.id))).toEqual([]);
    expect(h.fake.world.messages.get(question.id)?.thread?.id).toBe(thread.id);
  });

  it('a mention in the thread is a follow-up: it is answered with the previous question as context', async () => {
    const { thread } = await askInAskChannel();
    const expected = (await engine.ask(FOLLOW_UP, { k: 3, context: { previousQuestion: FIRST } })).answer;
    // A mention carries its text even without the Message Content intent.
    const msg = await h.fake.sendMessage({ content: FOLLOW_UP, mentionBot: true, channelId: thread.id, author: h.user() });
    const reply = await msg.waitForReply({ timeoutMs: 30_000 });
    expect(reply.params.channelId).toBe(thread.id);
    const embed = embedOf(reply.body);
    expect(embed.title).toBe(FOLLOW_UP);
    expect(embed.description).toContain(escapeText(expected.quotes[0]?.text ?? '(none)'));
    expect(embed.description).toMatch(FOLLOW_UP_ANSWER);
    // No thread inside the thread.
    expect(h.fake.findRequests(threadRoute).filter((r) => r.params.channelId === thread.id)).toEqual([]);
    await expect.poll(() => h.logs.find((r) => r.msg === 'answered a message' && r.messageId === msg.id)[0]).toMatchObject({ followUp: true });
  });

  it('"More passages" on a follow-up keeps its context', async () => {
    const { thread } = await askInAskChannel();
    const next = (await engine.ask(FOLLOW_UP, { k: 3, offset: 3, context: { previousQuestion: FIRST } })).answer.quotes;
    const alone = (await engine.ask(FOLLOW_UP, { k: 3, offset: 3 })).answer.quotes;
    expect(next.map((q) => q.text)).not.toEqual(alone.map((q) => q.text));
    const msg = await h.fake.sendMessage({ content: FOLLOW_UP, mentionBot: true, channelId: thread.id, author: h.user() });
    const reply = await msg.waitForReply({ timeoutMs: 30_000 });
    const more = button(reply.body, /^More passages/u);
    const ix = await h.fake.sendInteraction({ kind: 'button', customId: more.custom_id, messageId: (reply.response as APIMessage).id, channelId: thread.id, user: h.user() });
    const edit = await ix.editOriginal({ timeoutMs: 30_000 });
    for (const q of next) expect(embedOf(edit.body).description).toContain(escapeText(q.text));
  });

  it('after a restart (nothing in memory) the previous question is read back from the thread', async () => {
    const { thread } = await askInAskChannel();
    h.bot.ctx.threads.deleteWhere(() => true);
    const mark = h.fake.mark();
    const msg = await h.fake.sendMessage({ content: FOLLOW_UP, mentionBot: true, channelId: thread.id, author: h.user() });
    const reply = await msg.waitForReply({ timeoutMs: 30_000 });
    expect(h.fake.findRequests('GET /channels/:channelId/messages').some((r) => r.seq > mark && r.params.channelId === thread.id)).toBe(true);
    expect(embedOf(reply.body).description).toMatch(FOLLOW_UP_ANSWER);
  });

  it('the same follow-up outside a thread has no context', async () => {
    const msg = await h.fake.sendMessage({ content: FOLLOW_UP, mentionBot: true, author: h.user() });
    const reply = await msg.waitForReply({ timeoutMs: 30_000 });
    expect(embedOf(reply.body).description ?? '').not.toMatch(FOLLOW_UP_ANSWER);
  });

  it('a mention outside the ask channels is answered in place, without a thread', async () => {
    const mark = h.fake.mark();
    const msg = await h.fake.sendMessage({ content: FIRST, mentionBot: true, author: h.user() });
    const reply = await msg.waitForReply({ timeoutMs: 30_000 });
    expect(reply.params.channelId).toBe(h.fake.channelId);
    expect(h.fake.findRequests(threadRoute).filter((r) => r.seq > mark)).toEqual([]);
  });

  it('without the Create Public Threads permission it answers in place and logs it once, without asking again', async () => {
    const mark = h.fake.mark();
    const first = await h.fake.sendMessage({ content: FIRST, channelId: deniedAskChannel, author: h.user() });
    const reply = await first.waitForReply({ timeoutMs: 30_000 });
    expect(reply.params.channelId).toBe(deniedAskChannel);
    expect(embedOf(reply.body).title).toBe(FIRST);
    const refused = h.fake.findRequests(threadRoute).filter((r) => r.seq > mark);
    expect(refused.map((r) => [r.status, (r.response as { code?: number }).code])).toEqual([[403, 50013]]);
    const second = await h.fake.sendMessage({ content: FIRST, channelId: deniedAskChannel, author: h.user() });
    await second.waitForReply({ timeoutMs: 30_000 });
    expect(h.fake.findRequests(threadRoute).filter((r) => r.seq > mark)).toHaveLength(1);
    expect(h.logs.find((r) => r.msg?.startsWith('cannot open threads here') === true)).toHaveLength(1);
  });

  it('every payload carried allowed_mentions parse [] and stayed within limits; nothing was logged as an error', () => {
    expect(expectAllPayloadsSafe(h.fake)).toBeGreaterThan(5);
    expect(h.logs.find((r) => r.level >= 50)).toEqual([]);
  });
});

describe('ANSWER_THREADS=all without the Message Content intent (no ask channels)', () => {
  it('a mention opens a thread; in it, plain messages arrive without text and are ignored, mentions are follow-ups', async () => {
    const all = await startHarness({ engines: fixedEngines(engine), fake: { enforceIntents: true }, env: () => ({ ANSWER_THREADS: 'all' }) });
    try {
      expect((all.fake.gateway.identifies[0]?.intents ?? 0) & (1 << 15)).toBe(0);
      const msg = await all.fake.sendMessage({ content: FIRST, mentionBot: true, author: all.user() });
      const created = await all.fake.waitForRequest(threadRoute, { timeoutMs: 30_000, where: (r) => r.params.messageId === msg.id });
      expect(created.status).toBe(201);
      const threadId = (created.response as APIThreadChannel).id;
      await expect.poll(() => all.logs.find((r) => r.msg === 'answered a message' && r.messageId === msg.id)).toHaveLength(1);
      const plain = await all.fake.sendMessage({ content: FOLLOW_UP, channelId: threadId, author: all.user() });
      const mention = await all.fake.sendMessage({ content: FOLLOW_UP, mentionBot: true, channelId: threadId, author: all.user() });
      const reply = await mention.waitForReply({ timeoutMs: 30_000 });
      expect(embedOf(reply.body).description).toMatch(FOLLOW_UP_ANSWER);
      // Events are handled in order: by the mention's reply, the plain message was seen and ignored.
      expect(all.fake.findRequests('POST /channels/:channelId/messages').filter((r) => JSON.stringify(r.body).includes(plain.id))).toEqual([]);
      expectAllPayloadsSafe(all.fake);
    } finally {
      await all.stop();
    }
  });
});

describe('ANSWER_THREADS=off', () => {
  it('answers in the ask channel in place and never opens a thread', async () => {
    const off = await startHarness({
      engines: fixedEngines(engine),
      env: (fake) => ({ ASK_CHANNEL_IDS: fake.guild.channels[1]?.id ?? '', ANSWER_THREADS: 'off' }),
    });
    try {
      const channelId = off.fake.guild.channels[1]?.id ?? '';
      const msg = await off.fake.sendMessage({ content: FIRST, channelId, author: off.user() });
      const reply = await msg.waitForReply({ timeoutMs: 30_000 });
      expect(reply.params.channelId).toBe(channelId);
      expect(off.fake.findRequests(threadRoute)).toEqual([]);
      expectAllPayloadsSafe(off.fake);
    } finally {
      await off.stop();
    }
  });

  it('an invalid ANSWER_THREADS is refused by the configuration, naming the variable', async () => {
    const { testConfig } = await import('./harness.js');
    expect(() => testConfig({ ANSWER_THREADS: 'sometimes' })).toThrow(/ANSWER_THREADS is invalid: must be one of off, ask-channels, all/u);
  });
});
