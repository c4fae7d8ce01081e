/** /help: a short guide to the commands, with an example of each (ephemeral). */
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { renderHelp } from '../../render/discord.js';
import type { BotContext } from '../context.js';
import { ephemeralPayload, view } from '../reply.js';
import { READING_CONTEXTS, READING_INSTALLS } from './shared.js';

export const data = new SlashCommandBuilder()
  .setName('help')
  .setDescription('How to ask Verbatim: the commands, with examples.')
  .setContexts(...READING_CONTEXTS)
  .setIntegrationTypes(...READING_INSTALLS);

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const engine = ctx.engines.current;
  const example = engine.reports[0];
  const embed = renderHelp({
    reportIds: engine.reports.map((r) => r.meta.id),
    exampleFootnote: example?.document.footnotes[0]?.n ?? 1,
    exampleSection: example?.document.sections.find((s) => s.level === 1)?.heading ?? 'Election Day',
  });
  await interaction.reply(ephemeralPayload(view({ embeds: [embed] })));
}
