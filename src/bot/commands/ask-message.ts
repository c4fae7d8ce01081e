/**
 * "Ask Verbatim", a message context-menu command (right-click a message →
 * Apps → Ask Verbatim): the target message's text is the question, cleaned
 * as every question is (mentions, control characters). Useful when someone
 * pastes a claim and asks whether the report says so. The answer is public,
 * like /ask (ephemeral when the channel is at its answer cap); a message
 * without text gets one ephemeral line. Message commands get the target's
 * text from Discord without the Message Content intent.
 */
import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  MessageFlags,
  type MessageContextMenuCommandInteraction,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import { cleanQuestion, MAX_QUESTION_LENGTH } from '../../answer/question.js';
import { msSince } from '../../log/logger.js';
import type { BotContext } from '../context.js';
import { UserFacingError } from '../errors.js';
import { CHANNEL_BUSY_NOTE } from '../rate-limit.js';
import { payload, withNote } from '../reply.js';
import { answerView } from '../views.js';
import { admitQuestion, READING_CONTEXTS, READING_INSTALLS } from './shared.js';

export const NAME = 'Ask Verbatim';
export const NO_TEXT_MESSAGE = 'That message has no text to ask about (only its text is used: not images, embeds or attachments).';

export const data = new ContextMenuCommandBuilder().setName(NAME).setType(ApplicationCommandType.Message).setContexts(...READING_CONTEXTS)
  .setIntegrationTypes(...READING_INSTALLS);

/** A message command module: `data` and `execute`. */
export interface MessageCommand {
  readonly data: { readonly name: string; toJSON(): RESTPostAPIContextMenuApplicationCommandsJSONBody };
  execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void>;
}

/**
 * The question a message asks: its text, cut at a word to the question
 * length limit (a pasted claim may be long). Throws a QuestionError (its
 * message goes back ephemeral) when nothing usable is left.
 */
export function messageQuestion(content: string): string {
  if (content.trim().length === 0) throw new UserFacingError(NO_TEXT_MESSAGE);
  const text = content.replace(/\s+/gu, ' ').trim();
  if (text.length <= MAX_QUESTION_LENGTH) return cleanQuestion(text);
  const head = text.slice(0, MAX_QUESTION_LENGTH);
  const space = head.lastIndexOf(' ');
  return cleanQuestion(space > MAX_QUESTION_LENGTH / 2 ? head.slice(0, space) : head);
}

export async function execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void> {
  const started = performance.now();
  const engine = ctx.engines.current;
  const question = messageQuestion(interaction.targetMessage.content);
  const admitted = await admitQuestion(interaction, ctx, 'ask', true);
  if (!admitted) return;
  await interaction.deferReply(admitted.private ? { flags: MessageFlags.Ephemeral } : {});
  const { view, result, queuedMs } = await answerView(ctx, engine, { question, offset: 0, report: undefined, ephemeral: admitted.private });
  await interaction.editReply(payload(admitted.private ? withNote(view, CHANNEL_BUSY_NOTE) : view));
  ctx.metrics.question('ask', result.answer.answered ? 'answered' : 'abstained', started);
  ctx.log.info(
    {
      interactionId: interaction.id,
      userId: interaction.user.id,
      command: 'ask-message',
      targetMessageId: interaction.targetId,
      questionLength: question.length,
      queuedMs,
      latencyMs: msSince(started),
      answered: result.answer.answered,
      quotes: result.answer.quotes.length,
    },
    'answered Ask Verbatim',
  );
  ctx.log.debug({ interactionId: interaction.id, question }, 'question text');
}
