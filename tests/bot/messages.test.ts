/**
 * Questions asked in messages (mentions, ASK_CHANNEL_IDS, DMs), ping safety,
 * and the per-user rate limit, through the real client against the fake.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayIntentBits, type APIMessage } from 'discord-api-types/v10';
import type { Engine } from '../../src/engine/engine.js';
import { escapeText } from '../../src/render/discord.js';
import type { MessageHandle, RecordedRequest } from '../fake-discord/index.js';
import { contentOf, embedOf, EPHEMERAL, expectAllPayloadsSafe, fixedEngines, flagsOf, type Harness, openTestEngine, startHarness, stopHarness } from './harness.js';
import { MENTION_ONLY } from '../../src/bot/events/messageCreate.js';

let engine: Engine;
let h: Harness;
let askChannel: string;

const QUESTION = 'How many polling stations were observed?';

beforeAll(async () => {
  engine = await openTestEngine();
  h = await startHarness({
    engines: fixedEngines(engine),
    env: (fake) => {
      askChannel = fake.guild.channels[1]?.id ?? '';
      // Answers in place here (threads.test.ts covers ANSWER_THREADS).
      return { ASK_CHANNEL_IDS: askChannel, ANSWER_THREADS: 'off' };
    },
  });
});

afterAll(() => stopHarness(h, engine));

/** Replies linked to a message, after a later message was answered (events are handled in order). */
async function repliesTo(ignored: MessageHandle): Promise<RecordedRequest[]> {
  const probe = await h.fake.sendMessage({ content: QUESTION, mentionBot: true, author: h.user() });
  await probe.waitForReply();
  return h.fake.findRequests('POST /channels/:channelId/messages').filter((r) => r.link?.id === ignored.id);
}

describe('mentions', () => {
  it('shows typing, then replies to the message (no ping) with the same answer rendering, without the mention in the question', async () => {
    const expected = (await engine.ask(QUESTION)).answer;
    const mark = h.fake.mark();
    const msg = await h.fake.sendMessage({ content: QUESTION, mentionBot: true, author: h.user() });
    const reply = await msg.waitForReply();
    const typing = await h.fake.waitForRequest('POST /channels/:channelId/typing', { after: mark });
    expect(typing.seq).toBeLessThan(reply.seq);
    expect(reply.body).toMatchObject({ message_reference: { message_id: msg.id }, allowed_mentions: { parse: [], replied_user: false } });
    const embed = embedOf(reply.body);
    expect(embed.title).toBe(QUESTION);
    for (const q of expected.quotes) expect(embed.description).toContain(escapeText(q.text));
    expect(reply.sinceDispatchMs).toBeGreaterThanOrEqual(0);
  });

  it("ignores other bots, its own messages, and plain messages outside the ask channels", async () => {
    const fromBot = await h.fake.sendMessage({ content: QUESTION, mentionBot: true, author: h.fake.users.otherBot });
    expect(await repliesTo(fromBot)).toEqual([]);
    const fromSelf = await h.fake.sendMessage({ content: QUESTION, mentionBot: true, author: h.fake.bot });
    expect(await repliesTo(fromSelf)).toEqual([]);
    const plain = await h.fake.sendMessage({ content: QUESTION, author: h.user() });
    expect(await repliesTo(plain)).toEqual([]);
    const everyone = await h.fake.sendMessage({ content: `@everyone ${QUESTION}`, author: h.user() });
    expect(await repliesTo(everyone)).toEqual([]);
  });

  it('answers a message that only mentions people with a clear line', async () => {
    const msg = await h.fake.sendMessage({ content: '<@123456789012345678> <@&456456456456456456>', mentionBot: true, author: h.user() });
    const reply = await msg.waitForReply();
    expect(contentOf(reply.body)).toBe(MENTION_ONLY);
    expect(contentOf(reply.body)).toMatch(/\/help/u);
    expect(reply.body).toMatchObject({ allowed_mentions: { parse: [], replied_user: false } });
  });

  it('answers DMs', async () => {
    const msg = await h.fake.sendMessage({ content: QUESTION, dm: true, author: h.user() });
    const reply = await msg.waitForReply();
    expect(embedOf(reply.body).description).toMatch(/^> /u);
  });
});

describe('ASK_CHANNEL_IDS', () => {
  it('requests the Message Content intent and answers every plain message in those channels', async () => {
    expect((h.fake.gateway.identifies[0]?.intents ?? 0) & GatewayIntentBits.MessageContent).toBe(GatewayIntentBits.MessageContent);
    const msg = await h.fake.sendMessage({ content: QUESTION, channelId: askChannel, author: h.user() });
    const reply = await msg.waitForReply();
    expect(reply.path).toBe(`/channels/${askChannel}/messages`);
    expect(embedOf(reply.body).description).toMatch(/^> /u);
  });

  it('leaves small talk in those channels alone, and answers it with one line when said to the bot, quoting nothing', async () => {
    for (const chatter of ['ok thanks', 'lol', 'thanks!! 👍']) {
      const msg = await h.fake.sendMessage({ content: chatter, channelId: askChannel, author: h.user() });
      expect(await repliesTo(msg)).toEqual([]);
    }
    const said = await h.fake.sendMessage({ content: 'thanks!', mentionBot: true, channelId: askChannel, author: h.user() });
    const reply = await said.waitForReply();
    expect(embedOf(reply.body).description).toMatch(/^That reads as small talk, not a question/u);
    expect(embedOf(reply.body).description).not.toMatch(/^> /mu);
    // A question that opens with a greeting is still a question.
    const question = await h.fake.sendMessage({ content: 'hi, what was the turnout?', channelId: askChannel, author: h.user() });
    expect(embedOf((await question.waitForReply()).body).description).toMatch(/^> /u);
  });
});

describe('pings', () => {
  const PINGY = `@everyone @here <@123456789012345678> <@&456456456456456456> ${QUESTION}`;
  const RAW_MENTION = /@everyone|@here|<@!?\d|<@&\d/u;

  it('a question full of mentions never pings, in a message reply', async () => {
    const msg = await h.fake.sendMessage({ content: PINGY, channelId: askChannel, author: h.user() });
    const reply = await msg.waitForReply();
    expect(reply.body).toMatchObject({ allowed_mentions: { parse: [], replied_user: false } });
    expect(JSON.stringify(reply.body)).not.toMatch(RAW_MENTION);
    const stored = h.fake.world.messages.get((reply.response as APIMessage).id);
    expect(stored?.mention_everyone).toBe(false);
    expect(stored?.mentions).toEqual([]);
    expect(stored?.mention_roles).toEqual([]);
  });

  it('a question full of mentions never pings, in /ask', async () => {
    const ix = await h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: PINGY }, user: h.user() });
    const edit = await ix.editOriginal();
    expect(edit.body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(JSON.stringify(edit.body)).not.toMatch(RAW_MENTION);
    expect(embedOf(edit.body).title).toBe(QUESTION);
  });
});

describe('rate limit (5 questions per 30 s per user)', () => {
  it('refuses the sixth /ask with a friendly ephemeral message, and other users are unaffected', async () => {
    const user = h.user();
    for (let i = 0; i < 5; i++) await (await h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: QUESTION }, user })).editOriginal();
    const sixth = await (await h.fake.sendInteraction({ kind: 'slash', name: 'search', options: { query: QUESTION }, user })).callback();
    expect(sixth.body).toMatchObject({ type: 4 });
    expect(flagsOf(sixth.body) & EPHEMERAL).toBe(EPHEMERAL);
    const refusal = /^You're asking quickly: you can ask again <t:(\d+):R>\.$/u.exec(contentOf(sixth.body));
    expect(refusal, contentOf(sixth.body)).not.toBeNull();
    // The relative timestamp names a moment within the 30 s window from now.
    const at = Number(refusal?.[1]) * 1000;
    expect(at).toBeGreaterThan(Date.now());
    expect(at).toBeLessThanOrEqual(Date.now() + 31_000);
    const other = await (await h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: QUESTION }, user: h.user() })).callback();
    expect(other.body).toMatchObject({ type: 5 });
  });

  it('refuses the sixth mention with one ⏳ reaction and no post', async () => {
    const author = h.user();
    for (let i = 0; i < 5; i++) await (await h.fake.sendMessage({ content: QUESTION, mentionBot: true, author })).waitForReply();
    const sixth = await h.fake.sendMessage({ content: QUESTION, mentionBot: true, author });
    const reaction = await h.fake.waitForRequest('PUT /channels/:channelId/messages/:messageId/reactions/:emoji/@me', { where: (r) => r.path.includes(sixth.id) });
    expect(decodeURIComponent(reaction.path)).toContain('⏳');
    expect(await repliesTo(sixth)).toEqual([]);
  });
});

describe('every payload', () => {
  it('carried allowed_mentions with parse [] and stayed within limits; no errors were logged', () => {
    expect(expectAllPayloadsSafe(h.fake)).toBeGreaterThan(10);
    expect(h.logs.find((r) => r.level >= 50)).toEqual([]);
  });
});
