/** /footnote number:<int> [report]: the footnote's text, the sentence carrying its marker, its section and page. */
import { SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { LIMITS, truncate } from '../../render/discord.js';
import { MAX_CHOICES } from '../catalog.js';
import type { BotContext } from '../context.js';
import { UserFacingError } from '../errors.js';
import { chooseReport, joinNotes, placeOf } from '../report-choice.js';
import { footnoteView } from '../views.js';
import { admitQuestion, lookupReply, whichReportNote, READING_CONTEXTS, READING_INSTALLS, REPORT_OPTION, reportOption, respondReportChoices } from './shared.js';

export const data = new SlashCommandBuilder()
  .setName('footnote')
  .setDescription('Show a footnote of the report and the sentence that carries it.')
  .setContexts(...READING_CONTEXTS)
  .setIntegrationTypes(...READING_INSTALLS)
  .addIntegerOption((o) => o.setName('number').setDescription('Footnote number (start typing its number or words to pick one)').setRequired(true).setMinValue(1).setAutocomplete(true))
  .addStringOption(reportOption);

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const engine = ctx.engines.current;
  const n = interaction.options.getInteger('number', true);
  const choice = chooseReport(ctx, engine, interaction.options.getString(REPORT_OPTION), placeOf(interaction));
  const reportId = choice.report;
  const report = engine.report(reportId);
  const numbers = report?.document.footnotes.map((f) => f.n) ?? [];
  const v = report ? footnoteView(engine, n, report.meta.id) : undefined;
  if (!v) {
    if (numbers.length === 0) throw new UserFacingError('This report has no footnotes.');
    throw new UserFacingError(`There is no footnote ${n}: this report's footnotes run from ${Math.min(...numbers)} to ${Math.max(...numbers)}.`);
  }
  const admitted = await admitQuestion(interaction, ctx, 'footnote', true);
  if (!admitted) return;
  // No report chosen among several: the first is shown, and the reply says so (footnote numbers are each report's own).
  const which = reportId === undefined && report ? whichReportNote(engine.reports, report.meta.id) : null;
  await interaction.reply(lookupReply(v, admitted, joinNotes(choice.note, which)));
  ctx.log.info({ interactionId: interaction.id, userId: interaction.user.id, command: 'footnote', footnote: n }, 'answered /footnote');
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const engine = ctx.engines.current;
  if (await respondReportChoices(interaction, engine)) return;
  let reportId: string | undefined;
  try {
    reportId = chooseReport(ctx, engine, interaction.options.getString(REPORT_OPTION), placeOf(interaction)).report;
  } catch {
    reportId = undefined; // an unknown report typed so far: suggest from the default one
  }
  const report = engine.report(reportId);
  await interaction.respond(report ? footnoteChoices(report.document.footnotes, String(interaction.options.getFocused())) : []);
}

/**
 * Autocomplete for the footnote number: "12 · The law provides that…" (≤ 100
 * characters), value the number. Typed digits keep the footnotes whose number
 * starts with them; typed words, those whose text contains them (any case).
 */
export function footnoteChoices(footnotes: readonly { n: number; text: string }[], typed: string): { name: string; value: number }[] {
  const t = typed.trim().toLowerCase();
  const matches = /^\d+$/u.test(t)
    ? footnotes.filter((f) => String(f.n).startsWith(t))
    : t.length === 0
      ? footnotes
      : footnotes.filter((f) => f.text.toLowerCase().replace(/\s+/gu, ' ').includes(t.replace(/\s+/gu, ' ')));
  return matches.slice(0, MAX_CHOICES).map((f) => {
    const head = `${f.n} · `;
    return { name: `${head}${truncate(f.text.replace(/[\p{Cc}\p{Cf}\s]+/gu, ' ').trim(), LIMITS.choiceName - head.length)}`, value: f.n };
  });
}
