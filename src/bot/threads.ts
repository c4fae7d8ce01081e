/**
 * Follow-ups in threads. An answer to a message can open a public thread on
 * the question (ANSWER_THREADS: off, ask-channels (default), all) and is
 * posted there; questions asked in that thread are follow-ups: the engine
 * gets the previous question (AskOptions.context) and the report in use.
 *
 * The last question of each thread is kept in ctx.threads (bounded, TTL);
 * when it is not there (a restart, expiry) it is read back from the thread:
 * the title of the bot's latest answer in it (the embed title is the
 * question), else the thread's starter message (the first question).
 *
 * Without the Create Public Threads permission Discord refuses the thread
 * (50013): the answer goes in place, the refusal is logged once per channel,
 * and the channel is not tried again until its permissions change (the key
 * lives in ctx.deniedChannels, which events/permissions.ts clears).
 */
import { ChannelType, type AnyThreadChannel, type Message } from 'discord.js';
import { z } from 'zod';
import { cleanQuestion } from '../answer/question.js';
import type { BotContext, ThreadState } from './context.js';
import { discordCode } from './errors.js';
import { stripBotMention } from './mentions.js';
import { truncate, unescapeText } from '../render/discord.js';

/** Discord's longest thread name. */
export const THREAD_NAME_MAX = 100;
/** How long an idle thread stays open (minutes; one of 60, 1440, 4320, 10080). */
export const THREAD_ARCHIVE_MINUTES = 1440;
/** Messages read back from a thread to find the bot's latest answer. */
const HISTORY_LIMIT = 50;

const MISSING_PERMISSIONS = 50013;
/** "A thread has already been created for this message." */
const THREAD_EXISTS = 160004;

/** The deniedChannels key of a channel where the bot may not open threads. */
export function threadDeniedKey(channelId: string): string {
  return `thread:${channelId}`;
}

/** Whether a channel is a thread the bot itself opened (its follow-up threads). */
export function isBotThread(channel: Message['channel'], botId: string): channel is AnyThreadChannel {
  return channel.isThread() && channel.ownerId === botId;
}

/** Whether the answer to `message` should open a thread on it (the setting, the channel's kind, not refused before). */
export function wantsThread(ctx: BotContext, message: Message, inAskChannel: boolean): boolean {
  const mode = ctx.settings.answerThreads ?? 'ask-channels';
  if (mode === 'off' || !message.inGuild()) return false;
  if (mode === 'ask-channels' && !inAskChannel) return false;
  const type = message.channel.type;
  if (type !== ChannelType.GuildText && type !== ChannelType.GuildAnnouncement) return false;
  if (message.hasThread) return false;
  return !ctx.deniedChannels.get(threadDeniedKey(message.channelId));
}

/** A thread name from the question: one line, at most 100 characters, cut at a word with "…". */
export function threadName(question: string): string {
  return truncate(question.replace(/\s+/gu, ' ').trim(), THREAD_NAME_MAX) || 'Question';
}

/**
 * Opens a public thread on the question message; null when Discord refuses
 * (no permission: logged once for the channel and not tried again there;
 * a thread already there; any other refusal: logged).
 */
export async function openThread(ctx: BotContext, message: Message, question: string): Promise<AnyThreadChannel | null> {
  const where = { messageId: message.id, channelId: message.channelId, guildId: message.guildId };
  try {
    return await message.startThread({ name: threadName(question), autoArchiveDuration: THREAD_ARCHIVE_MINUTES });
  } catch (e) {
    const code = discordCode(e);
    if (code === MISSING_PERMISSIONS) {
      ctx.deniedChannels.set(threadDeniedKey(message.channelId), { channelId: message.channelId, guildId: message.guildId });
      ctx.log.warn({ ...where, code }, 'cannot open threads here (Create Public Threads permission missing): answering in place');
    } else if (code !== THREAD_EXISTS) {
      ctx.log.warn({ ...where, code, err: e }, 'could not open a thread: answering in place');
    }
    return null;
  }
}

/** Remembers the question just answered in a thread. */
export function rememberThread(ctx: BotContext, threadId: string, state: ThreadState): void {
  ctx.threads.set(threadId, state);
}

const StoredQuestion = z.string().min(1).max(4000);

/** `raw` as a usable previous question, or null. */
function usable(raw: unknown): string | null {
  const parsed = StoredQuestion.safeParse(raw);
  if (!parsed.success) return null;
  try {
    return cleanQuestion(parsed.data);
  } catch {
    return null;
  }
}

/**
 * The question a follow-up in `thread` follows: from memory, else the bot's
 * latest answer in the thread (its embed title), else the thread's starter
 * message. Null when none is found (the question is then answered alone).
 */
export async function previousQuestion(ctx: BotContext, thread: AnyThreadChannel, before: string): Promise<ThreadState | null> {
  const known = ctx.threads.get(thread.id);
  if (known) return known;
  const botId = thread.client.user.id;
  try {
    const recent = await thread.messages.fetch({ limit: HISTORY_LIMIT, before });
    const answer = [...recent.values()].sort((a, b) => b.createdTimestamp - a.createdTimestamp).find((m) => m.author.id === botId && m.embeds[0]?.title);
    const fromAnswer = usable(answer?.embeds[0]?.title ? unescapeText(answer.embeds[0].title) : null);
    if (fromAnswer) return { question: fromAnswer, report: undefined };
  } catch (e) {
    ctx.log.info({ threadId: thread.id, code: discordCode(e) }, 'could not read the thread history');
  }
  try {
    const starter = await thread.fetchStarterMessage();
    const fromStarter = usable(starter ? stripBotMention(starter.content, botId) : null);
    if (fromStarter) return { question: fromStarter, report: undefined };
  } catch (e) {
    ctx.log.info({ threadId: thread.id, code: discordCode(e) }, 'could not read the thread starter message');
  }
  return null;
}
