/** /about: the indexed reports (with their parser warning counts), counts, embedder and when the index was built. */
import { InteractionContextType, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { renderAbout } from '../../render/discord.js';
import type { BotContext } from '../context.js';
import { payload, view } from '../reply.js';

export const data = new SlashCommandBuilder()
  .setName('about')
  .setDescription('Which reports are indexed, and how.')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM);

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const engine = ctx.engines.current;
  const { counts, embedder } = engine.index.manifest;
  const embed = renderAbout({
    reports: engine.reports.map((r) => ({ title: r.meta.shortTitle, warnings: r.document.warnings.length })),
    counts: { sections: counts.sections, paragraphs: counts.paragraphs, footnotes: counts.footnotes, chunks: counts.chunks },
    embedder: embedder.id,
    builtAt: engine.index.builtAt,
  });
  await interaction.reply(payload(view({ embeds: [embed] })));
}
