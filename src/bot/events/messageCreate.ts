/**
 * A message that mentions the bot is a question; so is every plain message in
 * ASK_CHANNEL_IDS, every message in a DM with the bot, and every message in
 * a thread the bot opened (a follow-up: see threads.ts; without the Message
 * Content intent only those mentioning the bot carry their text). Bots (the bot
 * itself included), webhooks and system messages are ignored. The reply shows
 * "typing…" first and renders the answer as /ask does, replying to the message
 * without pinging its author.
 *
 * The rate limits (rate-limit.ts) come before anything else, invalid
 * questions included, so no flood of messages can make the bot post more
 * than its limits allow: a refused message gets at most one ⏳ reaction per
 * user (or channel) per window, and nothing after that. While the bot
 * stops, messages are not answered.
 */
import { Events, type AnyThreadChannel, type Message } from 'discord.js';
import { cleanQuestion, QuestionError, questionText } from '../../answer/question.js';
import { msSince } from '../../log/logger.js';
import { deniedKey, type BotContext } from '../context.js';
import { discordCode, handleMessageError, isPostingDenied } from '../errors.js';
import { RATE_LIMIT_REACTION } from '../rate-limit.js';
import { chooseReport, placeOf } from '../report-choice.js';
import { payload, withNote } from '../reply.js';
import { isBotThread, openThread, previousQuestion, rememberThread, wantsThread } from '../threads.js';
import { answerView } from '../views.js';
import { mentionsBot, stripBotMention } from '../mentions.js';

export { mentionsBot, stripBotMention };
import { isSmallTalk } from '../../text/small-talk.js';
import { defineEvent } from './types.js';

/** The reply to a message that holds no question: how to ask one. */
export const MENTION_ONLY = 'Ask me a question in words after the mention, such as “what was the turnout?”, or type /help to see what I can do.';

/** Where a message's question is asked: a plain channel (maybe opening a thread), or one of the bot's threads (a follow-up). */
interface Asked {
  inAskChannel: boolean;
  /** Set in the bot's own thread: the thread. */
  thread: AnyThreadChannel | null;
}

async function answerMessage(ctx: BotContext, message: Message, question: string, asked: Asked): Promise<void> {
  const started = performance.now();
  const where = { messageId: message.id, userId: message.author.id, channelId: message.channelId };
  const admission = ctx.limits.admit({ userId: message.author.id, publicChannelId: message.inGuild() ? message.channelId : null, canAnswerPrivately: false });
  if (!admission.ok) {
    ctx.metrics.question('message', 'rate_limited');
    ctx.log.info({ ...where, scope: admission.scope, retryAfterMs: admission.retryAfterMs, reacted: admission.notify }, 'rate limited');
    if (admission.notify) await react(ctx, message, where);
    return;
  }
  // A mention with nothing else (or only other mentions) asks how to use the bot.
  if (questionText(question) === '') throw new QuestionError(MENTION_ONLY);
  cleanQuestion(question); // QuestionError → its message as the reply
  const engine = ctx.engines.current;
  if (message.channel.isSendable()) {
    try {
      await message.channel.sendTyping();
    } catch (e) {
      if (isPostingDenied(discordCode(e))) throw e;
      ctx.log.warn({ ...where, code: discordCode(e) }, 'typing indicator failed');
    }
  }
  // A follow-up in the bot's thread inherits the previous question and its report; else the place's default report applies.
  const previous = asked.thread ? await previousQuestion(ctx, asked.thread, message.id) : null;
  const choice = previous?.report ? null : chooseReport(ctx, engine, null, placeOf(message));
  const report = previous?.report ?? choice?.report;
  const context = previous ? { previousQuestion: previous.question, ...(report ? { report } : {}) } : undefined;
  const { view: answered, result } = await answerView(ctx, engine, { question, offset: 0, report, ephemeral: false, ...(context ? { context } : {}) });
  const view = choice?.note ? withNote(answered, choice.note) : answered;
  const state = { question: result.answer.question, report };
  // A new question may open a thread on itself for follow-ups, and the answer goes there; else it replies in place.
  const thread = !asked.thread && wantsThread(ctx, message, asked.inAskChannel) ? await openThread(ctx, message, result.answer.question) : null;
  if (thread) await thread.send(payload(view));
  else await message.reply(payload(view));
  const threadId = asked.thread?.id ?? thread?.id;
  if (threadId) rememberThread(ctx, threadId, state);
  ctx.metrics.question('message', result.answer.answered ? 'answered' : 'abstained', started);
  ctx.log.info(
    {
      ...where,
      command: 'mention',
      questionLength: question.length,
      latencyMs: msSince(started),
      answered: result.answer.answered,
      quotes: result.answer.quotes.length,
      ...(thread ? { threadId: thread.id } : {}),
      ...(asked.thread ? { followUp: previous !== null } : {}),
    },
    'answered a message',
  );
  ctx.log.debug({ messageId: message.id, question }, 'question text');
}

/** The rate limit's one reaction; a failure (no Add Reactions permission, the message gone) is only logged. */
async function react(ctx: BotContext, message: Message, where: Record<string, unknown>): Promise<void> {
  try {
    await message.react(RATE_LIMIT_REACTION);
  } catch (e) {
    ctx.log.info({ ...where, code: discordCode(e) }, 'could not react to a rate-limited message');
  }
}

export const messageCreate = defineEvent({
  name: Events.MessageCreate,
  async execute(ctx, message) {
    if (message.author.bot || message.webhookId !== null || message.system) return;
    if (ctx.lifecycle.stopping) return;
    const botId = message.client.user.id;
    const mentioned = mentionsBot(message.content, botId);
    const inAskChannel = ctx.settings.askChannelIds.includes(message.channelId);
    // In its own threads every message is a follow-up (plain ones carry text only with the Message Content intent).
    const thread = isBotThread(message.channel, botId) ? message.channel : null;
    const asked = mentioned || !message.inGuild() || inAskChannel || thread !== null;
    if (!asked) return;
    // Outside a mention, a message without text (an image, a sticker) is not a question.
    if (!mentioned && message.content.trim().length === 0) return;
    // Discord refused our last post here: do not try again (no typing, no answer) until permissions change.
    if (ctx.deniedChannels.get(deniedKey('message', message.channelId))) return;
    const question = stripBotMention(message.content, botId);
    // Chatter in an ask channel or a thread ("ok thanks", "lol") is left alone; said to the bot (a mention, a DM), it gets one line.
    if (!mentioned && message.inGuild() && isSmallTalk(question)) return;
    try {
      await answerMessage(ctx, message, question, { inAskChannel, thread });
    } catch (e) {
      await handleMessageError(message, e, ctx);
    }
  },
});
