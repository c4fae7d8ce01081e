/** /about: the indexed reports (id, short title, election date, sections, footnotes, parser warnings), counts, embedder and when the index was built. */
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { listReports } from '../../engine/reports.js';
import { renderAboutReports } from '../../render/discord.js';
import type { BotContext } from '../context.js';
import { view } from '../reply.js';
import { admitQuestion, lookupReply, READING_CONTEXTS, READING_INSTALLS } from './shared.js';

export const data = new SlashCommandBuilder()
  .setName('about')
  .setDescription('Which reports are indexed, and how.')
  .setContexts(...READING_CONTEXTS)
  .setIntegrationTypes(...READING_INSTALLS);

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const engine = ctx.engines.current;
  const { counts, embedder } = engine.index.manifest;
  const embed = renderAboutReports({
    reports: listReports(engine.reports),
    counts: { sections: counts.sections, paragraphs: counts.paragraphs, footnotes: counts.footnotes, chunks: counts.chunks },
    embedder: embedder.id,
    builtAt: engine.index.builtAt,
  });
  const admitted = await admitQuestion(interaction, ctx, 'about', true);
  if (!admitted) return;
  await interaction.reply(lookupReply(view({ embeds: [embed] }), admitted));
}
