/**
 * The ONE interaction error handler (after Naval-Base/yuudachi): every command,
 * button and autocomplete handler lets errors propagate here.
 *
 * - QuestionError / UserFacingError / ReindexBusyError / QueueFullError /
 *   ShuttingDownError: their message, ephemeral.
 * - Discord 10062 Unknown interaction (the 3 s window passed, or already gone):
 *   logged, nothing else can be done.
 * - Discord 50013 Missing permissions (and 50001 Missing access, 50007 Cannot
 *   message user): logged once per channel, which is then skipped for questions
 *   asked by message (see BotContext.deniedChannels); the user is told
 *   ephemerally where an interaction allows it.
 * - Discord 40060 already acknowledged: logged.
 * - Anything else: logged with its stack; the user gets a short apology.
 * Replying never throws out of here. A question (/ask, /search, "More
 * passages", a message) that ends here is counted in the metrics by why.
 *
 * A question asked in a message is answered by a reply to it, sent with
 * `failIfNotExists: false` (client.ts): when the message was deleted before
 * the answer, Discord posts it without the reference instead of refusing
 * with 50035, and an Unknown Message (10008) is logged, never retried.
 */
import { DiscordAPIError, type Interaction, type Message } from 'discord.js';
import { QuestionError } from '../answer/question.js';
import { ReindexBusyError } from '../engine/holder.js';
import { UnknownReportError } from '../engine/reports.js';
import { escapeText } from '../render/discord.js';
import { SettingsStoreError } from '../store/settings.js';
import type { QuestionOutcome, QuestionSourceLabel } from '../metrics/metrics.js';
import { deniedKey, type BotContext } from './context.js';
import { parseCustomId } from './custom-id.js';
import { ShuttingDownError } from './lifecycle.js';
import { ephemeralText, NO_PINGS, textView, payload } from './reply.js';
import { QueueFullError } from './work-queue.js';

/** An error whose message is meant for the user as it is. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

export const DiscordErrorCode = {
  UnknownMessage: 10008,
  UnknownInteraction: 10062,
  MissingAccess: 50001,
  MissingPermissions: 50013,
  CannotMessageUser: 50007,
  AlreadyAcknowledged: 40060,
  InvalidFormBody: 50035,
} as const;

export const MISSING_PERMISSIONS_MESSAGE = "I don't have permission to post in this channel. Ask a server admin to let me send messages and embed links here.";
export const GENERIC_ERROR_MESSAGE = 'Something went wrong while answering. It has been logged; please try again.';

export function discordCode(error: unknown): number | string | null {
  return error instanceof DiscordAPIError ? error.code : null;
}

/** The message to show for an error fit for users, or null. */
export function userMessage(error: unknown): string | null {
  if (error instanceof UnknownReportError) return escapeText(error.message);
  if (error instanceof SettingsStoreError) return error.message;
  if (error instanceof QuestionError || error instanceof UserFacingError || error instanceof ReindexBusyError || error instanceof QueueFullError || error instanceof ShuttingDownError) return error.message;
  return null;
}

/** How a question that failed with `error` is counted. */
export function failureOutcome(error: unknown): QuestionOutcome {
  if (error instanceof QuestionError || error instanceof UserFacingError || error instanceof UnknownReportError) return 'invalid';
  if (error instanceof QueueFullError) return 'busy';
  if (error instanceof ShuttingDownError) return 'shutting_down';
  return 'failed';
}

/** The question source of an interaction, or null when it is not a question. */
export function questionSource(i: Interaction): QuestionSourceLabel | null {
  if (i.isChatInputCommand()) return i.commandName === 'ask' ? 'ask' : i.commandName === 'search' ? 'search' : null;
  if (i.isButton()) return parseCustomId(i.customId)?.kind === 'more' ? 'more' : null;
  return null;
}

/** Whether Discord refused because the bot may not post there (missing access or permissions, or a user who takes no DMs). */
export function isPostingDenied(code: number | string | null): boolean {
  return code === DiscordErrorCode.MissingPermissions || code === DiscordErrorCode.MissingAccess || code === DiscordErrorCode.CannotMessageUser;
}

/** Remembers a channel the bot may not post in (see BotContext.deniedChannels); logs it once. */
function permissionDenied(
  ctx: BotContext,
  via: 'message' | 'interaction',
  channelId: string | null,
  guildId: string | null,
  code: number | string | null,
  where: Record<string, unknown>,
): void {
  const key = deniedKey(via, channelId);
  if (ctx.deniedChannels.get(key)) return;
  ctx.deniedChannels.set(key, { channelId, guildId });
  ctx.log.warn({ ...where, channelId, code }, `missing permissions in channel (logged once per channel${via === 'message' ? '; messages there are not answered until its permissions change' : ''})`);
}

export async function handleInteractionError(interaction: Interaction, error: unknown, ctx: BotContext): Promise<void> {
  const where = { interactionId: interaction.id, userId: interaction.user.id, kind: interactionKind(interaction) };
  const code = discordCode(error);
  const source = questionSource(interaction);
  if (source) ctx.metrics.question(source, failureOutcome(error));
  if (code === DiscordErrorCode.UnknownInteraction) {
    ctx.log.warn({ ...where, code }, 'interaction expired or unknown; carrying on');
    return;
  }
  if (code === DiscordErrorCode.AlreadyAcknowledged) {
    ctx.log.warn({ ...where, code }, 'interaction already acknowledged');
    return;
  }
  let message = userMessage(error);
  if (isPostingDenied(code)) {
    permissionDenied(ctx, 'interaction', interaction.channelId, interaction.guildId, code, where);
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
    if (interaction.deferred && !interaction.replied && !isPostingDenied(code)) {
      if (interaction.ephemeral) {
        await interaction.editReply({ ...payload(textView(message)), attachments: [] });
      } else {
        // A public "is thinking…" would become a public error that stays in the channel: it goes, and only the
        // asker is told (the first follow-up after a deferral would replace it, keeping it public).
        await interaction.deleteReply();
        await interaction.followUp(ephemeralText(message));
      }
    } else if (interaction.deferred || interaction.replied) {
      await interaction.followUp(ephemeralText(message));
    } else {
      await interaction.reply(ephemeralText(message));
    }
  } catch (e) {
    const again = discordCode(e);
    if (isPostingDenied(again)) permissionDenied(ctx, 'interaction', interaction.channelId, interaction.guildId, again, where);
    else ctx.log.warn({ ...where, code: again, err: again === null ? e : undefined }, 'could not tell the user about an error');
  }
}

/** The same policy for a question asked in a message (no ephemeral replies there). */
export async function handleMessageError(message: Message, error: unknown, ctx: BotContext): Promise<void> {
  const where = { messageId: message.id, userId: message.author.id, kind: 'message' };
  const code = discordCode(error);
  ctx.metrics.question('message', failureOutcome(error));
  if (isPostingDenied(code)) {
    permissionDenied(ctx, 'message', message.channelId, message.guildId, code, where);
    return;
  }
  if (code === DiscordErrorCode.UnknownMessage || isUnknownReference(error)) {
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
    if (isPostingDenied(again)) permissionDenied(ctx, 'message', message.channelId, message.guildId, again, where);
    else ctx.log.warn({ ...where, code: again }, 'could not reply with the error');
  }
}

/** Discord's 50035 for a reply whose message is gone (message_reference: Unknown message). */
export function isUnknownReference(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.code === DiscordErrorCode.InvalidFormBody && /message_reference|MESSAGE_REFERENCE_UNKNOWN_MESSAGE/u.test(JSON.stringify(error.rawError));
}

export function interactionKind(i: Interaction): string {
  if (i.isChatInputCommand()) return `/${i.commandName}`;
  if (i.isAutocomplete()) return `autocomplete /${i.commandName}`;
  if (i.isButton()) return `button ${i.customId.split('|')[0] ?? ''}`;
  return `type ${i.type}`;
}
