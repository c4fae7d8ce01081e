/** /search query:<text> [report]: the top passages as short snippets with citations, one "Open" button each. */
import { MessageFlags, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { cleanQuestion, MAX_QUESTION_LENGTH } from '../../answer/question.js';
import { msSince } from '../../log/logger.js';
import type { BotContext } from '../context.js';
import { CHANNEL_BUSY_NOTE } from '../rate-limit.js';
import { payload, withNote } from '../reply.js';
import { chooseReport, joinNotes, placeOf } from '../report-choice.js';
import { SEARCH_RESULTS, searchView } from '../views.js';
import { admitQuestion, READING_CONTEXTS, READING_INSTALLS, reportOption, respondReportChoices } from './shared.js';

export const data = new SlashCommandBuilder()
  .setName('search')
  .setDescription('Find passages of the report: short snippets with citations.')
  .setContexts(...READING_CONTEXTS)
  .setIntegrationTypes(...READING_INSTALLS)
  .addStringOption((o) => o.setName('query').setDescription('Words to look for').setRequired(true).setMaxLength(MAX_QUESTION_LENGTH))
  .addStringOption(reportOption);

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const started = performance.now();
  const engine = ctx.engines.current;
  const query = interaction.options.getString('query', true);
  const choice = chooseReport(ctx, engine, interaction.options.getString('report'), placeOf(interaction));
  const report = choice.report;
  const cleaned = cleanQuestion(query);
  const admitted = await admitQuestion(interaction, ctx, 'search', true);
  if (!admitted) return;
  await interaction.deferReply(admitted.private ? { flags: MessageFlags.Ephemeral } : {});
  const { value: quotes, timings } = await ctx.answers.run(() => engine.search(query, { limit: SEARCH_RESULTS, ...(report ? { report } : {}) }));
  const view = searchView(engine, cleaned, quotes);
  const note = joinNotes(choice.note, admitted.private ? CHANNEL_BUSY_NOTE : null);
  await interaction.editReply(payload(note ? withNote(view, note) : view));
  ctx.metrics.question('search', quotes.length > 0 ? 'answered' : 'abstained', started);
  ctx.log.info(
    { interactionId: interaction.id, userId: interaction.user.id, command: 'search', questionLength: query.length, queuedMs: Math.round(timings.queuedMs), latencyMs: msSince(started), results: quotes.length },
    'answered /search',
  );
  ctx.log.debug({ interactionId: interaction.id, query }, 'search text');
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  if (!(await respondReportChoices(interaction, ctx.engines.current))) await interaction.respond([]);
}
