/** /footnote number:<int> [report]: the footnote's text, the sentence carrying its marker, its section and page. */
import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { UserFacingError } from '../errors.js';
import { payload } from '../reply.js';
import { chooseReport, placeOf } from '../report-choice.js';
import { footnoteView } from '../views.js';
import { REPORT_OPTION, reportOption, resolveReport, respondReportChoices } from './shared.js';

export const data = new SlashCommandBuilder()
  .setName('footnote')
  .setDescription('Show a footnote of the report and the sentence that carries it.')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
  .addIntegerOption((o) => o.setName('number').setDescription('Footnote number').setRequired(true).setMinValue(1))
  .addStringOption(reportOption);

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const engine = ctx.engines.current;
  const n = interaction.options.getInteger('number', true);
  const reportId = chooseReport(ctx, engine, interaction.options.getString(REPORT_OPTION), placeOf(interaction)).report;
  const report = engine.report(reportId);
  const numbers = report?.document.footnotes.map((f) => f.n) ?? [];
  const v = report ? footnoteView(engine, n, report.meta.id) : undefined;
  if (!v) {
    if (numbers.length === 0) throw new UserFacingError('This report has no footnotes.');
    throw new UserFacingError(`There is no footnote ${n}: this report's footnotes run from ${Math.min(...numbers)} to ${Math.max(...numbers)}.`);
  }
  await interaction.reply(payload(v));
  ctx.log.info({ interactionId: interaction.id, userId: interaction.user.id, command: 'footnote', footnote: n }, 'answered /footnote');
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  if (!(await respondReportChoices(interaction, ctx.engines.current))) await interaction.respond([]);
}
