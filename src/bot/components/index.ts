/**
 * Button clicks, by custom id (see custom-id.ts): "More passages", "Full
 * paragraph"/"Open n", section Previous/Next, and "Cite". A button whose passage or
 * section changed since it was made says so plainly; it never shows other text.
 */
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { msSince } from '../../log/logger.js';
import { catalogOf } from '../catalog.js';
import { citeText } from '../cite.js';
import type { BotContext } from '../context.js';
import { parseCustomId, type CustomId } from '../custom-id.js';
import { handleVote } from '../feedback/index.js';
import { textHash } from '../hash.js';
import { admitQuestion } from '../commands/shared.js';
import { CHANNEL_BUSY_NOTE } from '../rate-limit.js';
import { ephemeralPayload, ephemeralText, payload, textView, withNote } from '../reply.js';
import { answerView, EXPIRED_MESSAGE, NO_MORE_MESSAGE, passageView, sectionView, STALE_MESSAGE } from '../views.js';

export const UNKNOWN_BUTTON_MESSAGE = 'This button is from an older version of the bot. Please ask again.';

export async function handleButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const id = parseCustomId(interaction.customId);
  if (!id) {
    ctx.log.warn({ interactionId: interaction.id, customIdLength: interaction.customId.length }, 'unknown button custom id');
    await interaction.reply(ephemeralText(UNKNOWN_BUTTON_MESSAGE));
    return;
  }
  switch (id.kind) {
    case 'more':
      return morePassages(interaction, id, ctx);
    case 'passage':
      return openPassage(interaction, id, ctx);
    case 'sectionPage':
      return turnSectionPage(interaction, id, ctx);
    case 'vote':
      return handleVote(interaction, id, ctx);
    case 'voteReason':
      await interaction.reply(ephemeralText(UNKNOWN_BUTTON_MESSAGE));
      return;
    case 'cite':
      return cite(interaction, id, ctx);
  }
}

/** "More passages": the question again, from the next offset, as a new message (ephemeral if the answer was). */
async function morePassages(interaction: ButtonInteraction, id: Extract<CustomId, { kind: 'more' }>, ctx: BotContext): Promise<void> {
  const started = performance.now();
  const state = ctx.moreStates.get(id.state);
  if (!state) {
    await interaction.reply(ephemeralText(EXPIRED_MESSAGE));
    return;
  }
  const admitted = await admitQuestion(interaction, ctx, 'more', !state.ephemeral);
  if (!admitted) return;
  const engine = ctx.engines.current;
  const hidden = state.ephemeral || admitted.private;
  await interaction.deferReply(hidden ? { flags: MessageFlags.Ephemeral } : {});
  const { view, result } = await answerView(ctx, engine, { question: state.question, offset: id.offset, report: state.report, ephemeral: state.ephemeral, state: id.state, ...(state.context ? { context: state.context } : {}) });
  const shown = result.answer.quotes.length > 0 ? view : textView(NO_MORE_MESSAGE);
  await interaction.editReply(payload(admitted.private ? withNote(shown, CHANNEL_BUSY_NOTE) : shown));
  ctx.metrics.question('more', result.answer.quotes.length > 0 ? 'answered' : 'abstained', started);
  ctx.log.info(
    { interactionId: interaction.id, userId: interaction.user.id, command: 'more', offset: id.offset, questionLength: state.question.length, latencyMs: msSince(started), quotes: result.answer.quotes.length },
    'answered More passages',
  );
}

/** "Full paragraph" / "Open n": the whole paragraph, ephemeral; refused if its text changed. */
async function openPassage(interaction: ButtonInteraction, id: Extract<CustomId, { kind: 'passage' }>, ctx: BotContext): Promise<void> {
  const engine = ctx.engines.current;
  const chunk = catalogOf(engine).chunk(id.ref);
  if (!chunk || textHash(chunk.sourceText) !== id.hash) {
    ctx.log.info({ interactionId: interaction.id, ref: id.ref }, 'stale passage button');
    await interaction.reply(ephemeralText(STALE_MESSAGE));
    return;
  }
  await interaction.reply(ephemeralPayload(passageView(engine, chunk)));
}

/** "Cite": a ready-to-paste reference for the answer's quotes, ephemeral; refused if the index changed since. */
async function cite(interaction: ButtonInteraction, id: Extract<CustomId, { kind: 'cite' }>, ctx: BotContext): Promise<void> {
  const text = citeText(ctx.engines.current, id);
  if (text === null) ctx.log.info({ interactionId: interaction.id }, 'stale cite button');
  await interaction.reply(ephemeralText(text ?? STALE_MESSAGE));
}

/** Whether a message is a section page (it has the section's Previous/Next buttons), rather than an answer naming sections. */
function isSectionPage(message: ButtonInteraction['message']): boolean {
  return message.components.some((row) => {
    const json = row.toJSON() as { components?: { custom_id?: string; label?: string }[] };
    return (json.components ?? []).some((c) => c.custom_id?.startsWith('s|') === true && (c.label === 'Previous' || c.label === 'Next'));
  });
}

/**
 * Previous/Next: updates the message in place when the clicker asked for it
 * (anyone else gets the page in a new ephemeral message); a section button of
 * an abstention (abstention.ts) opens the section in a new ephemeral message
 * instead. Refused if the section's text changed.
 */
async function turnSectionPage(interaction: ButtonInteraction, id: Extract<CustomId, { kind: 'sectionPage' }>, ctx: BotContext): Promise<void> {
  const engine = ctx.engines.current;
  const catalog = catalogOf(engine);
  const entry = catalog.section(id.key);
  if (!entry || entry.hash !== id.hash || id.page >= catalog.pagesOf(entry).length) {
    ctx.log.info({ interactionId: interaction.id, key: id.key }, 'stale section button');
    await interaction.reply(ephemeralText(STALE_MESSAGE));
    return;
  }
  // Only whoever asked for a public page turns it; anyone else gets the page to themselves, the message unchanged.
  const owner = interaction.message.interactionMetadata?.user.id;
  const own = interaction.message.flags.has(MessageFlags.Ephemeral) || owner === undefined || owner === interaction.user.id;
  if (isSectionPage(interaction.message) && own) await interaction.update(payload(sectionView(engine, entry, id.page)));
  else await interaction.reply(ephemeralPayload(sectionView(engine, entry, id.page)));
}
