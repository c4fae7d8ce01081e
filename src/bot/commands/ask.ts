/** /ask question:<text> [private] [report]: quotes the report (deferred at once; the answer edits the reply). */
import { MessageFlags, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { cleanQuestion, MAX_QUESTION_LENGTH } from '../../answer/question.js';
import { msSince } from '../../log/logger.js';
import type { BotContext } from '../context.js';
import { CHANNEL_BUSY_NOTE } from '../rate-limit.js';
import { payload, withNote } from '../reply.js';
import { chooseReport, joinNotes, placeOf } from '../report-choice.js';
import { answerView } from '../views.js';
import { admitQuestion, READING_CONTEXTS, READING_INSTALLS, reportOption, respondReportChoices } from './shared.js';

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask about the report: the answer quotes it verbatim, with citations.')
  .setContexts(...READING_CONTEXTS)
  .setIntegrationTypes(...READING_INSTALLS)
  .addStringOption((o) => o.setName('question').setDescription('Your question').setRequired(true).setMaxLength(MAX_QUESTION_LENGTH))
  .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer'))
  .addStringOption(reportOption);

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const started = performance.now();
  const engine = ctx.engines.current;
  const question = interaction.options.getString('question', true);
  const ephemeral = interaction.options.getBoolean('private') ?? false;
  const choice = chooseReport(ctx, engine, interaction.options.getString('report'), placeOf(interaction));
  const report = choice.report;
  cleanQuestion(question); // a QuestionError's message goes back to the user, ephemeral, before anything is deferred
  const admitted = await admitQuestion(interaction, ctx, 'ask', !ephemeral);
  if (!admitted) return;
  const hidden = ephemeral || admitted.private;
  await interaction.deferReply(hidden ? { flags: MessageFlags.Ephemeral } : {});
  const ackMs = msSince(started);
  const { view, result, queuedMs } = await answerView(ctx, engine, { question, offset: 0, report, ephemeral: hidden });
  const note = joinNotes(choice.note, admitted.private ? CHANNEL_BUSY_NOTE : null);
  await interaction.editReply(payload(note ? withNote(view, note) : view));
  ctx.metrics.question('ask', result.answer.answered ? 'answered' : 'abstained', started);
  ctx.log.info(
    {
      interactionId: interaction.id,
      userId: interaction.user.id,
      command: 'ask',
      questionLength: question.length,
      ackMs,
      queuedMs,
      latencyMs: msSince(started),
      answered: result.answer.answered,
      quotes: result.answer.quotes.length,
      embedMs: Math.round(result.timings.embedMs),
      searchMs: Math.round(result.timings.searchMs),
    },
    'answered /ask',
  );
  ctx.log.debug({ interactionId: interaction.id, question }, 'question text');
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  if (!(await respondReportChoices(interaction, ctx.engines.current))) await interaction.respond([]);
}
