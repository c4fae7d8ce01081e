/**
 * /reindex (guild only): rebuilds the index from the corpus and swaps it in.
 * One at a time; a failed reindex leaves the old index live and says why.
 *
 * Who may run it is checked here, not left to Discord's default member
 * permissions (which a server's admins can widen in Integrations settings):
 * the users in ADMIN_USER_IDS when it is set, otherwise members whose
 * permissions in the channel include Manage Server.
 */
import { ApplicationIntegrationType, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { ReindexBusyError, ReindexLoadError } from '../../engine/holder.js';
import { fsReason, isFsError } from '../../files/errors.js';
import { msSince } from '../../log/logger.js';
import type { BotContext } from '../context.js';
import { ephemeralText, payload, textView } from '../reply.js';

export const data = new SlashCommandBuilder()
  .setName('reindex')
  .setDescription('Rebuild the index from the corpus and swap it in (admins).')
  .setContexts(InteractionContextType.Guild)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild);

export const NOT_ADMIN_MESSAGE = 'Only the bot’s administrators can reindex.';
export const NEEDS_MANAGE_SERVER_MESSAGE = 'Only members with the Manage Server permission can reindex.';
/** Errors whose message explains a failed build (corpus, parser, index, lock); others are reported by name only. */
const EXPLAINED = new Set(['BuildError', 'CorpusError', 'ParseError', 'IndexError', 'ZodError', 'IndexTargetError', 'LockBusyError', 'FileCheckError', 'EmbedderLoadError']);

/** One line for the admin: why the reindex failed. */
export function reindexFailureReason(err: Error): string {
  if (EXPLAINED.has(err.name)) return err.message.split('\n')[0] ?? err.name;
  if (isFsError(err)) return `the new index could not be written: ${fsReason(err.code)} (${err.code})`;
  return `${err.name} (see the bot's log)`;
}

/** What the admin is told after a reindex that did not end in a swap: what is on disk, and what the bot serves. */
export function reindexFailureMessage(err: Error): string {
  if (err instanceof ReindexLoadError) {
    const cause = err.cause instanceof Error ? reindexFailureReason(err.cause) : String(err.cause);
    return `Reindex built and wrote the new index, but the bot could not load it: ${cause}. The bot keeps answering from the index it had loaded before; fix the problem and run /reindex again.`;
  }
  return `Reindex failed: ${reindexFailureReason(err)}. The previous index is still live.`;
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild()) {
    await interaction.reply(ephemeralText('/reindex works in a server only.'));
    return;
  }
  const admins = ctx.settings.adminUserIds;
  const where = { interactionId: interaction.id, userId: interaction.user.id, command: 'reindex' };
  if (admins.length > 0 && !admins.includes(interaction.user.id)) {
    ctx.log.warn(where, 'reindex refused: not an administrator');
    await interaction.reply(ephemeralText(NOT_ADMIN_MESSAGE));
    return;
  }
  if (admins.length === 0 && interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) !== true) {
    ctx.log.warn(where, 'reindex refused: no Manage Server permission');
    await interaction.reply(ephemeralText(NEEDS_MANAGE_SERVER_MESSAGE));
    return;
  }
  if (ctx.engines.busy) {
    await interaction.reply(ephemeralText(new ReindexBusyError().message));
    return;
  }
  const started = performance.now();
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  ctx.log.info(where, 'reindex started');
  try {
    const { build } = await ctx.engines.reindex().catch((e: unknown) => {
      if (!(e instanceof ReindexBusyError)) ctx.metrics.reload('reindex', 'failed');
      throw e;
    });
    ctx.metrics.reload('reindex', 'ok');
    const c = build.manifest.counts;
    const text =
      `Reindexed: ${c.reports} report${c.reports === 1 ? '' : 's'}, ${c.sections} sections, ${c.paragraphs} paragraphs, ${c.footnotes} footnotes, ${c.chunks} passages. ` +
      `Embeddings: ${build.reused} reused, ${build.computed} computed. Took ${build.seconds.toFixed(1)} s.` +
      build.notices.map((n) => `\nWarning: ${n}.`).join('');
    ctx.log.info({ ...where, latencyMs: msSince(started), counts: c, reused: build.reused, computed: build.computed }, 'reindex finished');
    await interaction.editReply(payload(textView(text)));
  } catch (e) {
    if (e instanceof ReindexBusyError) {
      await interaction.editReply(payload(textView(e.message)));
      return;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    ctx.log.error({ ...where, err }, 'reindex failed');
    await interaction.editReply(payload(textView(reindexFailureMessage(err))));
  }
}
