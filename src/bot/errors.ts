/**
 * The ONE interaction error handler (after Naval-Base/yuudachi): every command,
 * button and autocomplete handler lets errors propagate here.
 *
 * - QuestionError / UserFacingError / ReindexBusyError: their message, ephemeral.
 * - Discord 10062 Unknown interaction (the 3 s window passed, or already gone):
 *   logged, nothing else can be done.
 * - Discord 50013 Missing permissions: logged once per channel; the user is told
 *   ephemerally where an interaction allows it.
 * - Discord 40060 already acknowledged: logged.
 * - Anything else: logged with its stack; the user gets a short apology.
 * Replying never throws out of here.
 */
import { DiscordAPIError, type Interaction, type Message } from 'discord.js';
import { QuestionError } from '../answer/question.js';
import { ReindexBusyError } from '../engine/holder.js';
import type { BotContext } from './context.js';
import { ephemeralText, NO_PINGS, textView, payload } from './reply.js';

/** An error whose message is meant for the user as it is. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

export const DiscordErrorCode = {
  UnknownMessage: 10008,
  UnknownInteraction: 10062,
  MissingAccess: 50001,
  MissingPermissions: 50013,
  AlreadyAcknowledged: 40060,
} as const;

export const MISSING_PERMISSIONS_MESSAGE = "I don't have permission to post in this channel. Ask a server admin to let me send messages and embed links here.";
export const GENERIC_ERROR_MESSAGE = 'Something went wrong while answering. It has been logged; please try again.';

export function discordCode(error: unknown): number | string | null {
  return error instanceof DiscordAPIError ? error.code : null;
}

/** The message to show for an error fit for users, or null. */
export function userMessage(error: unknown): string | null {
  if (error instanceof QuestionError || error instanceof UserFacingError || error instanceof ReindexBusyError) return error.message;
  return null;
}

function permissionDenied(ctx: BotContext, channelId: string | null, where: Record<string, unknown>): void {
  const key = channelId ?? 'unknown';
  if (ctx.deniedChannels.has(key)) return;
  ctx.deniedChannels.add(key);
  ctx.log.warn({ ...where, channelId, code: DiscordErrorCode.MissingPermissions }, 'missing permissions in channel (logged once per channel)');
}

export async function handleInteractionError(interaction: Interaction, error: unknown, ctx: BotContext): Promise<void> {
  const where = { interactionId: interaction.id, userId: interaction.user.id, kind: interactionKind(interaction) };
  const code = discordCode(error);
  if (code === DiscordErrorCode.UnknownInteraction) {
    ctx.log.warn({ ...where, code }, 'interaction expired or unknown; carrying on');
    return;
  }
  if (code === DiscordErrorCode.AlreadyAcknowledged) {
    ctx.log.warn({ ...where, code }, 'interaction already acknowledged');
    return;
  }
  let message = userMessage(error);
  if (code === DiscordErrorCode.MissingPermissions || code === DiscordErrorCode.MissingAccess) {
    permissionDenied(ctx, interaction.channelId, where);
    message = MISSING_PERMISSIONS_MESSAGE;
  } else if (message === null) {
    ctx.log.error({ ...where, err: error }, 'interaction failed');
    message = GENERIC_ERROR_MESSAGE;
  } else {
    ctx.log.info({ ...where, error: (error as Error).name }, 'refused with a message');
  }

  try {
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]);
      return;
    }
    if (!interaction.isRepliable()) return;
    if (interaction.deferred && !interaction.replied && code !== DiscordErrorCode.MissingPermissions) {
      await interaction.editReply({ ...payload(textView(message)), attachments: [] });
    } else if (interaction.deferred || interaction.replied) {
      await interaction.followUp(ephemeralText(message));
    } else {
      await interaction.reply(ephemeralText(message));
    }
  } catch (e) {
    const again = discordCode(e);
    if (again === DiscordErrorCode.MissingPermissions) permissionDenied(ctx, interaction.channelId, where);
    else ctx.log.warn({ ...where, code: again, err: again === null ? e : undefined }, 'could not tell the user about an error');
  }
}

/** The same policy for a question asked in a message (no ephemeral replies there). */
export async function handleMessageError(message: Message, error: unknown, ctx: BotContext): Promise<void> {
  const where = { messageId: message.id, userId: message.author.id, kind: 'message' };
  const code = discordCode(error);
  if (code === DiscordErrorCode.MissingPermissions || code === DiscordErrorCode.MissingAccess) {
    permissionDenied(ctx, message.channelId, where);
    return;
  }
  if (code === DiscordErrorCode.UnknownMessage) {
    ctx.log.warn({ ...where, code }, 'the message was deleted before the reply');
    return;
  }
  let text = userMessage(error);
  if (text === null) {
    ctx.log.error({ ...where, err: error }, 'message question failed');
    text = GENERIC_ERROR_MESSAGE;
  }
  try {
    await message.reply({ content: text, allowedMentions: NO_PINGS });
  } catch (e) {
    const again = discordCode(e);
    if (again === DiscordErrorCode.MissingPermissions) permissionDenied(ctx, message.channelId, where);
    else ctx.log.warn({ ...where, code: again }, 'could not reply with the error');
  }
}

function interactionKind(i: Interaction): string {
  if (i.isChatInputCommand()) return `/${i.commandName}`;
  if (i.isAutocomplete()) return `autocomplete /${i.commandName}`;
  if (i.isButton()) return `button ${i.customId.split('|')[0] ?? ''}`;
  return `type ${i.type}`;
}
