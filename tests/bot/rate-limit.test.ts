/**
 * The rate limits cap what the bot POSTS, not only what it answers: a flood of
 * mentions from one user, or from many users in one channel, through the real
 * client against the fake Discord.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuestionLimits } from '../../src/bot/rate-limit.js';
import type { Engine } from '../../src/engine/engine.js';
import type { RecordedRequest } from '../fake-discord/index.js';
import { contentOf, embedOf, EPHEMERAL, flagsOf, openTestEngine, startHarness, fixedEngines, stopHarness, type Harness } from './harness.js';

const QUESTION = 'How many polling stations were observed?';
const REACT = 'PUT /channels/:channelId/messages/:messageId/reactions/:emoji/@me';
const POST = 'POST /channels/:channelId/messages';

describe('QuestionLimits', () => {
  const settings = { questions: 2, windowSeconds: 10, channelQuestions: 3 };

  it('refuses a user beyond their limit, with one notice per window', () => {
    let now = 0;
    const limits = new QuestionLimits(settings, () => now);
    const ask = (userId: string, channel: string | null = 'c1') => limits.admit({ userId, publicChannelId: channel, canAnswerPrivately: false });
    expect(ask('u1')).toEqual({ ok: true, private: false });
    expect(ask('u1')).toEqual({ ok: true, private: false });
    expect(ask('u1')).toMatchObject({ ok: false, scope: 'user', notify: true, retryAfterMs: 10_000 });
    expect(ask('u1')).toMatchObject({ ok: false, scope: 'user', notify: false });
    now = 10_000;
    expect(ask('u1')).toEqual({ ok: true, private: false });
  });

  it('caps a channel whoever asks; an interaction goes private instead, a message is refused with one notice per channel', () => {
    const limits = new QuestionLimits(settings, () => 0);
    for (const u of ['a', 'b', 'c']) expect(limits.admit({ userId: u, publicChannelId: 'c1', canAnswerPrivately: false }).ok).toBe(true);
    expect(limits.admit({ userId: 'd', publicChannelId: 'c1', canAnswerPrivately: false })).toMatchObject({ ok: false, scope: 'channel', notify: true });
    expect(limits.admit({ userId: 'e', publicChannelId: 'c1', canAnswerPrivately: false })).toMatchObject({ ok: false, scope: 'channel', notify: false });
    expect(limits.admit({ userId: 'f', publicChannelId: 'c1', canAnswerPrivately: true })).toEqual({ ok: true, private: true });
    // Other channels and DMs are not affected; a refused message did not use up its user's questions.
    expect(limits.admit({ userId: 'd', publicChannelId: 'c2', canAnswerPrivately: false })).toEqual({ ok: true, private: false });
    expect(limits.admit({ userId: 'd', publicChannelId: null, canAnswerPrivately: false })).toEqual({ ok: true, private: false });
  });
});

describe('a flood through the fake Discord', () => {
  let engine: Engine;
  let h: Harness;

  beforeAll(async () => {
    engine = await openTestEngine();
    h = await startHarness({ engines: fixedEngines(engine), env: () => ({ RATE_LIMIT_QUESTIONS: '5', RATE_LIMIT_WINDOW_SECONDS: '3', RATE_LIMIT_CHANNEL_QUESTIONS: '6' }) });
  });

  afterAll(() => stopHarness(h, engine));

  const settled = async (channelId: string, expected: (posts: RecordedRequest[]) => boolean): Promise<void> => {
    await expect.poll(() => expected(h.fake.findRequests(POST).filter((r) => r.path === `/channels/${channelId}/messages`)), { timeout: 15_000 }).toBe(true);
    // Let anything still queued come out, so the counts below are final.
    await new Promise((r) => setTimeout(r, 500));
  };

  it('50 mentions in one second from one user: 5 answers and one ⏳ reaction, nothing else posted', async () => {
    const channelId = h.fake.guild.channels[0]?.id ?? '';
    const author = h.user('flooder');
    const mark = h.fake.mark();
    const started = performance.now();
    const sent = [];
    for (let i = 0; i < 50; i++) sent.push(await h.fake.sendMessage({ content: `${QUESTION} (${i})`, mentionBot: true, author, channelId }));
    expect(performance.now() - started).toBeLessThan(1000);
    await settled(channelId, (posts) => posts.filter((r) => r.seq > mark).length >= 5);
    const posts = h.fake.findRequests(POST).filter((r) => r.seq > mark);
    expect(posts).toHaveLength(5);
    for (const p of posts) expect(embedOf(p.body).description).toMatch(/^> /u);
    const reactions = h.fake.findRequests(REACT).filter((r) => r.seq > mark);
    expect(reactions).toHaveLength(1);
    expect(reactions[0]?.path).toContain(sent[5]?.id);
    expect(decodeURIComponent(reactions[0]?.path ?? '')).toContain('⏳');
    expect(h.fake.findRequests('POST /channels/:channelId/typing').filter((r) => r.seq > mark)).toHaveLength(5);

    // After the window, the same user is answered again.
    await new Promise((r) => setTimeout(r, 3100));
    const later = await h.fake.sendMessage({ content: QUESTION, mentionBot: true, author, channelId });
    expect(embedOf((await later.waitForReply({ timeoutMs: 10_000 })).body).description).toMatch(/^> /u);
  }, 60_000);

  it('one channel caps the answers it shows, whoever asks: mentions beyond it are refused, /ask goes private', async () => {
    await new Promise((r) => setTimeout(r, 3100)); // a fresh window for the channel
    const channelId = h.fake.guild.channels[1]?.id ?? '';
    const mark = h.fake.mark();
    for (let i = 0; i < 10; i++) await h.fake.sendMessage({ content: QUESTION, mentionBot: true, author: h.user('crowd'), channelId });
    await settled(channelId, (posts) => posts.filter((r) => r.seq > mark).length >= 6);
    expect(h.fake.findRequests(POST).filter((r) => r.seq > mark)).toHaveLength(6);
    expect(h.fake.findRequests(REACT).filter((r) => r.seq > mark)).toHaveLength(1);

    const ix = await h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: QUESTION }, user: h.user('late'), channelId });
    const callback = await ix.callback();
    expect(callback.body).toMatchObject({ type: 5 });
    expect(flagsOf(callback.body) & EPHEMERAL).toBe(EPHEMERAL);
    const edit = await ix.editOriginal();
    expect(contentOf(edit.body)).toMatch(/only you can see this one/u);
    expect(embedOf(edit.body).description).toMatch(/^> /u);
  }, 60_000);

  it('the lookups (/section, /footnote, /about) count against the same limits: over them, an ephemeral note, nothing public', async () => {
    await new Promise((r) => setTimeout(r, 3100)); // a fresh window
    const channelId = h.fake.guild.channels[2]?.id ?? h.fake.guild.channels[0]?.id ?? '';
    const user = h.user('looker');
    const lookups = [
      { name: 'section', options: { name: 'Election Day' } },
      { name: 'footnote', options: { number: 5 } },
      { name: 'about', options: {} },
    ] as const;
    const replies = [];
    for (let i = 0; i < 8; i++) {
      const l = lookups[i % lookups.length]!;
      replies.push((await (await h.fake.sendInteraction({ kind: 'slash', name: l.name, options: { ...l.options }, user, channelId })).callback()).body);
    }
    const shown = replies.filter((b) => (flagsOf(b) & EPHEMERAL) === 0);
    expect(shown).toHaveLength(5);
    for (const b of replies.slice(5)) {
      expect(flagsOf(b) & EPHEMERAL).toBe(EPHEMERAL);
      expect(contentOf(b)).toMatch(/again/iu);
    }
  }, 60_000);

  it('logged no errors', () => {
    expect(h.logs.find((r) => r.level >= 50)).toEqual([]);
  });
});
