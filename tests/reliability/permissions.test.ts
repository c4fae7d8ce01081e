/**
 * Lost permissions: the bot loses Send Messages in a channel (the fake
 * answers 403/50013 to every POST there, typing included). It logs this once,
 * then attempts nothing more for questions asked there by message (no typing,
 * no answer, no reply: refused requests count against Discord's
 * invalid-request limit), logs nothing more, and keeps answering elsewhere
 * and through interactions. When the channel or a role changes, it tries the
 * channel again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayDispatchEvents } from 'discord-api-types/v10';
import type { Engine } from '../../src/engine/engine.js';
import type { FaultRule, MessageHandle } from '../fake-discord/index.js';
import { embedOf, expectAllPayloadsSafe, type Harness, type LogRecord, startFixedHarness, stopHarness } from '../bot/harness.js';

const QUESTION = 'How many polling stations were observed?';
let engine: Engine;
let h: Harness;
let channel: string;

beforeAll(async () => {
  ({ engine, h } = await startFixedHarness());
  channel = h.fake.guild.channels[1]?.id ?? '';
});

afterAll(() => stopHarness(h, engine));

/** Every POST to the channel (messages, typing) fails with 50013 until the rule is used up or cleared. */
function loseSendMessages(): FaultRule {
  return h.fake.injectFault((r) => r.method === 'POST' && r.path.startsWith(`/channels/${channel}/`), 'missingPermissions', 1000);
}

const mention = (channelId?: string): Promise<MessageHandle> => h.fake.sendMessage({ content: QUESTION, mentionBot: true, author: h.user(), ...(channelId ? { channelId } : {}) });
const deniedLogs = (): LogRecord[] => h.logs.find((r) => r.code === 50013 && r.channelId === channel);

/** A mention in the first channel, answered: by then any earlier question in `channel` would have made its requests. */
async function answeredElsewhere(): Promise<void> {
  expect(embedOf((await (await mention()).waitForReply()).body).description).toMatch(/^> /u);
}

describe('lost Send Messages in a channel', () => {
  let rule: FaultRule;

  it('the first question there: one refused request, one warning', async () => {
    rule = loseSendMessages();
    const first = await mention(channel);
    const refused = await h.fake.waitForRequest((r) => r.link?.id === first.id && r.status === 403);
    expect(refused.response).toMatchObject({ code: 50013 });
    await expect.poll(deniedLogs).toHaveLength(1);
    expect(deniedLogs()[0]).toMatchObject({ level: 40, channelId: channel });
  });

  it('later questions there are not attempted and log nothing; elsewhere and /ask there are answered', async () => {
    const hitsBefore = rule.hits;
    const logLinesBefore = h.logs.records.length;
    const later = [await mention(channel), await mention(channel), await mention(channel)];
    await answeredElsewhere();
    for (const m of later) expect(m.requests()).toEqual([]);
    expect(rule.hits).toBe(hitsBefore);
    // The only new log lines are those of the question answered elsewhere.
    const fresh = h.logs.records.slice(logLinesBefore);
    expect(fresh.filter((r) => later.some((m) => r.messageId === m.id))).toEqual([]);
    expect(deniedLogs()).toHaveLength(1);
    // Interactions answer through their webhook, not the channel: still answered.
    const ix = await h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: QUESTION }, channelId: channel, user: h.user() });
    expect(embedOf((await ix.editOriginal()).body).description).toMatch(/^> /u);
  });

  it('when the channel is updated (its permissions restored), answers there again', async () => {
    h.fake.clearFaults();
    const info = h.fake.world.getChannel(channel);
    await h.fake.dispatch(GatewayDispatchEvents.ChannelUpdate, { ...info?.channel, topic: 'permissions restored' });
    await expect.poll(() => h.logs.find((r) => r.msg?.startsWith('permissions changed') === true && r.channelId === channel)).toHaveLength(1);
    const again = await mention(channel);
    expect(embedOf((await again.waitForReply()).body).description).toMatch(/^> /u);
  });

  it('lost again, then a role update: one more warning, then answers there again', async () => {
    loseSendMessages();
    const denied = await mention(channel);
    await h.fake.waitForRequest((r) => r.link?.id === denied.id && r.status === 403);
    await expect.poll(deniedLogs).toHaveLength(2);
    h.fake.clearFaults();
    const role = h.fake.guild.roles[0];
    await h.fake.dispatch(GatewayDispatchEvents.GuildRoleUpdate, { guild_id: h.fake.guild.id, role });
    await expect.poll(() => h.logs.find((r) => r.msg?.startsWith('permissions changed') === true && r.guildId === h.fake.guild.id)).toHaveLength(1);
    const again = await mention(channel);
    expect(embedOf((await again.waitForReply()).body).description).toMatch(/^> /u);
  });

  it('no error spam: nothing at error level, and 50013 warned once per loss', () => {
    expect(h.logs.find((r) => r.level >= 50)).toEqual([]);
    expect(deniedLogs()).toHaveLength(2);
    expectAllPayloadsSafe(h.fake);
  });
});
