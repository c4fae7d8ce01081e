/** /section name:<autocomplete> [page] [report]: a section's text, paged with Previous/Next. */
import { SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { echoInline, escapeText, LIMITS } from '../../render/discord.js';
import { catalogOf } from '../catalog.js';
import type { BotContext } from '../context.js';
import { UserFacingError } from '../errors.js';
import { chooseReport, joinNotes, placeOf } from '../report-choice.js';
import { sectionView } from '../views.js';
import { admitQuestion, lookupReply, whichReportNote, READING_CONTEXTS, READING_INSTALLS, REPORT_OPTION, reportOption, resolveReport, respondReportChoices } from './shared.js';

export const data = new SlashCommandBuilder()
  .setName('section')
  .setDescription("Show a section of the report, in the report's own words.")
  .setContexts(...READING_CONTEXTS)
  .setIntegrationTypes(...READING_INSTALLS)
  .addStringOption((o) => o.setName('name').setDescription('Section heading (start typing to pick one)').setRequired(true).setAutocomplete(true).setMaxLength(LIMITS.choiceValue))
  .addIntegerOption((o) => o.setName('page').setDescription('Page of the section to start on (for long sections)').setMinValue(1).setMaxValue(99))
  .addStringOption(reportOption);

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const engine = ctx.engines.current;
  const catalog = catalogOf(engine);
  const name = interaction.options.getString('name', true);
  const choice = chooseReport(ctx, engine, interaction.options.getString(REPORT_OPTION), placeOf(interaction));
  const report = choice.report;
  const entry = catalog.find(name, report);
  if (!entry) {
    const examples = catalog.sections
      .filter((s) => s.view.paragraphs.length > 0)
      .slice(0, 4)
      .map((s) => `“${s.view.section?.heading ?? s.view.title}”`)
      .join(', ');
    throw new UserFacingError(`No section matches “${echoInline(name, 100)}”. Start typing and pick a heading from the list, e.g. ${escapeText(examples)}.`);
  }
  const pages = Math.max(1, catalog.pagesOf(entry).length);
  const page = interaction.options.getInteger('page') ?? 1;
  if (page < 1 || page > pages) {
    throw new UserFacingError(`“${escapeText(entry.view.title)}” has ${pages === 1 ? 'only 1 page' : `${pages} pages`}: choose a page from 1 to ${pages}.`);
  }
  // A lookup posts as much as an answer: it counts against the same limits, and is private in a channel at its cap.
  const admitted = await admitQuestion(interaction, ctx, 'section', true);
  if (!admitted) return;
  // A heading typed (not picked) with no report chosen among several: say which report's section this is.
  const which = report === undefined && !catalog.isKey(name) ? whichReportNote(engine.reports, entry.view.report.meta.id) : null;
  await interaction.reply(lookupReply(sectionView(engine, entry, page - 1), admitted, joinNotes(choice.note, which)));
  ctx.log.info({ interactionId: interaction.id, userId: interaction.user.id, command: 'section', section: entry.key, page }, 'answered /section');
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const engine = ctx.engines.current;
  if (await respondReportChoices(interaction, engine)) return;
  const typed = interaction.options.getFocused();
  let report: string | undefined;
  try {
    report = resolveReport(engine, interaction.options.getString(REPORT_OPTION));
  } catch {
    report = undefined;
  }
  const entries = catalogOf(engine).suggest(typed, report);
  await interaction.respond(entries.map((e) => ({ name: e.name, value: e.key })));
}
