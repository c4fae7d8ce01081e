/** Options and checks several commands share: the report option, the rate limit, where the reading commands work. */
import { ApplicationIntegrationType, InteractionContextType } from 'discord.js';
import type {
  ApplicationCommandOptionChoiceData,
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  SlashCommandStringOption,
} from 'discord.js';
import type { Engine } from '../../engine/engine.js';
import { closestReportIds, findReport, unknownReportMessage } from '../../engine/reports.js';
import { echoInline, escapeText, LIMITS, truncate } from '../../render/discord.js';
import { MAX_CHOICES } from '../catalog.js';
import type { BotContext } from '../context.js';
import { UserFacingError } from '../errors.js';
import type { QuestionSourceLabel } from '../../metrics/metrics.js';
import { CHANNEL_BUSY_NOTE, rateLimitMessage } from '../rate-limit.js';
import { ephemeralText, replyPayload, withNote, type MessageView } from '../reply.js';

export const REPORT_OPTION = 'report';

/**
 * Where the commands that only read the reports work: in servers, in the
 * bot's DMs and in group DMs, installed to a server or to a user. The admin
 * commands (/config, /reindex) are for servers and server installs only.
 */
export const READING_CONTEXTS = [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel] as const;
export const READING_INSTALLS = [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall] as const;

/** The optional `report` option (autocompleted over the indexed reports). */
export function reportOption(option: SlashCommandStringOption): SlashCommandStringOption {
  return option.setName(REPORT_OPTION).setDescription('Only this report (default: all indexed reports)').setAutocomplete(true).setMaxLength(LIMITS.choiceValue);
}

/** Report choices for what the user typed: short titles (≤ 100 characters), value = report id. */
export function reportChoices(engine: Engine, typed: string): ApplicationCommandOptionChoiceData<string>[] {
  const t = typed.trim().toLowerCase();
  return engine.reports
    .filter((r) => t.length === 0 || r.meta.shortTitle.toLowerCase().includes(t) || r.meta.id.toLowerCase().includes(t))
    .slice(0, MAX_CHOICES)
    .map((r) => ({ name: truncate(r.meta.shortTitle, LIMITS.choiceName), value: r.meta.id.slice(0, LIMITS.choiceValue) }));
}

/**
 * The report id a `report` option names (id or short title, any case);
 * undefined when not given. An unknown one is a UserFacingError (an
 * ephemeral reply): one line naming the known ids, closest first.
 */
export function resolveReport(engine: Engine, value: string | null): string | undefined {
  if (value === null || value.trim().length === 0) return undefined;
  const report = findReport(engine.reports, value);
  if (!report) throw new UserFacingError(unknownReportLine(engine, value));
  return report.meta.id;
}

/** "There is no report “x”. Known report ids: a, b." for Discord: the user's text and the ids escaped. */
export function unknownReportLine(engine: Engine, value: string): string {
  return unknownReportMessage(value, closestReportIds(engine.reports, value), { given: (t) => echoInline(t, 100), id: escapeText });
}

/** Answers a `report` autocomplete; returns false when the focused option is another one. */
export async function respondReportChoices(interaction: AutocompleteInteraction, engine: Engine): Promise<boolean> {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== REPORT_OPTION) return false;
  await interaction.respond(reportChoices(engine, String(focused.value)));
  return true;
}

/**
 * Counts a question asked through an interaction against the rate limits
 * (rate-limit.ts). Over the user's limit it replies with an ephemeral note
 * (an interaction must be answered; only the asker sees it) and returns
 * null. Otherwise it returns whether the answer must be private: an answer
 * that would be public in a channel at its cap is made ephemeral instead.
 */
export async function admitQuestion(
  interaction: ChatInputCommandInteraction | ButtonInteraction | MessageContextMenuCommandInteraction,
  ctx: BotContext,
  source: QuestionSourceLabel,
  wantsPublic: boolean,
): Promise<{ private: boolean } | null> {
  const isPublic = wantsPublic && interaction.inGuild();
  const admission = ctx.limits.admit({ userId: interaction.user.id, publicChannelId: isPublic ? interaction.channelId : null, canAnswerPrivately: true });
  if (admission.ok) {
    if (admission.private) ctx.log.info({ interactionId: interaction.id, channelId: interaction.channelId }, 'channel at its answer cap: answering privately');
    return { private: admission.private };
  }
  ctx.metrics.question(source, 'rate_limited');
  ctx.log.info({ interactionId: interaction.id, userId: interaction.user.id, retryAfterMs: admission.retryAfterMs }, 'rate limited');
  await interaction.reply(ephemeralText(rateLimitMessage(admission.retryAfterMs)));
  return null;
}

/**
 * The reply to a lookup (/section, /footnote, /about) admitted by admitQuestion: ephemeral, with a note, when the
 * channel is at its cap; `note` (which report was used, a default no longer indexed) above it.
 */
export function lookupReply(v: MessageView, admitted: { private: boolean }, note: string | null = null) {
  // (report-choice.ts's joinNotes, written out: that module imports this one.)
  const notes = [note, admitted.private ? CHANNEL_BUSY_NOTE : null].filter((n): n is string => n !== null && n.length > 0).join('\n');
  return replyPayload(notes.length > 0 ? withNote(v, notes) : v, admitted.private);
}

/** With several reports indexed and none chosen, the line saying which report a lookup shows and how to choose another. */
export function whichReportNote(reports: readonly { meta: { id: string; shortTitle: string } }[], shown: string): string | null {
  if (reports.length < 2) return null;
  const title = reports.find((r) => r.meta.id === shown)?.meta.shortTitle ?? shown;
  return `Note: ${reports.length} reports are indexed; this is from “${escapeText(title)}”. Choose another with the \`report\` option.`;
}
