/** /search query:<text> [report]: the top passages as short snippets with citations, one "Open" button each. */
import { InteractionContextType, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { cleanQuestion, MAX_QUESTION_LENGTH } from '../../answer/question.js';
import { msSince } from '../../log/logger.js';
import type { BotContext } from '../context.js';
import { payload } from '../reply.js';
import { SEARCH_RESULTS, searchView } from '../views.js';
import { reportOption, resolveReport, respondReportChoices, withinRateLimit } from './shared.js';

export const data = new SlashCommandBuilder()
  .setName('search')
  .setDescription('Find passages of the report: short snippets with citations.')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .addStringOption((o) => o.setName('query').setDescription('Words to look for').setRequired(true).setMaxLength(MAX_QUESTION_LENGTH))
  .addStringOption(reportOption);

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const started = performance.now();
  const engine = ctx.engines.current;
  const query = interaction.options.getString('query', true);
  const report = resolveReport(engine, interaction.options.getString('report'));
  const cleaned = cleanQuestion(query);
  if (!(await withinRateLimit(interaction, ctx))) return;
  await interaction.deferReply();
  const { value: quotes, timings } = await ctx.answers.run(() => engine.search(query, { limit: SEARCH_RESULTS, ...(report ? { report } : {}) }));
  await interaction.editReply(payload(searchView(engine, cleaned, quotes)));
  ctx.log.info(
    { interactionId: interaction.id, userId: interaction.user.id, command: 'search', questionLength: query.length, queuedMs: Math.round(timings.queuedMs), latencyMs: msSince(started), results: quotes.length },
    'answered /search',
  );
  ctx.log.debug({ interactionId: interaction.id, query }, 'search text');
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  if (!(await respondReportChoices(interaction, ctx.engines.current))) await interaction.respond([]);
}
