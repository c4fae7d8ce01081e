/**
 * /reindex (guild only, Manage Server by default, and ADMIN_USER_IDS when set):
 * rebuilds the index from the corpus and swaps it in. One at a time; a failed
 * reindex leaves the old index live and says why.
 */
import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { ReindexBusyError } from '../../engine/holder.js';
import { msSince } from '../../log/logger.js';
import type { BotContext } from '../context.js';
import { ephemeralText, payload, textView } from '../reply.js';

export const data = new SlashCommandBuilder()
  .setName('reindex')
  .setDescription('Rebuild the index from the corpus and swap it in (admins).')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild);

export const NOT_ADMIN_MESSAGE = 'Only the bot’s administrators can reindex.';
/** Errors whose message explains a failed build (corpus, parser, index); others are reported by name only. */
const EXPLAINED = new Set(['BuildError', 'CorpusError', 'ParseError', 'IndexError', 'ZodError']);

/** What a file-system error code means for the admin (the full error, with its path, goes to the log). */
const FS_REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EACCES: 'the bot may not write the index folder',
  EPERM: 'the bot may not write the index folder',
  EROFS: 'the index folder is on a read-only file system',
  ENOTDIR: 'a file stands where the index folder (or one of its parents) should be',
  EEXIST: 'a file stands where the index folder (or one of its parents) should be',
  ENOENT: 'a folder the build needs is missing',
  EMFILE: 'too many files are open',
  EIO: 'the disk reported an input/output error',
};

/** One line for the admin: why the reindex failed. */
export function reindexFailureReason(err: Error): string {
  if (EXPLAINED.has(err.name)) return err.message.split('\n')[0] ?? err.name;
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && /^E[A-Z]+$/u.test(code)) return `the new index could not be written: ${FS_REASONS[code] ?? 'a file-system error'} (${code})`;
  return `${err.name} (see the bot's log)`;
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
  if (ctx.engines.busy) {
    await interaction.reply(ephemeralText(new ReindexBusyError().message));
    return;
  }
  const started = performance.now();
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  ctx.log.info(where, 'reindex started');
  try {
    const { build } = await ctx.engines.reindex();
    const c = build.manifest.counts;
    const text =
      `Reindexed: ${c.reports} report${c.reports === 1 ? '' : 's'}, ${c.sections} sections, ${c.paragraphs} paragraphs, ${c.footnotes} footnotes, ${c.chunks} passages. ` +
      `Embeddings: ${build.reused} reused, ${build.computed} computed. Took ${build.seconds.toFixed(1)} s.`;
    ctx.log.info({ ...where, latencyMs: msSince(started), counts: c, reused: build.reused, computed: build.computed }, 'reindex finished');
    await interaction.editReply(payload(textView(text)));
  } catch (e) {
    if (e instanceof ReindexBusyError) {
      await interaction.editReply(payload(textView(e.message)));
      return;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    ctx.log.error({ ...where, err }, 'reindex failed');
    await interaction.editReply(payload(textView(`Reindex failed: ${reindexFailureReason(err)}. The previous index is still live.`)));
  }
}
