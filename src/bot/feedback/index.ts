/**
 * 👍 / 👎 on answers (and abstentions).
 *
 * - `feedbackButtons` makes the two buttons of one answer message and keeps
 *   what the answer showed (question, quotes, index version) under a fresh
 *   answer id, in a bounded map with a day's TTL.
 * - 👍 records at once; 👎 opens the "What was wrong?" modal and its submit
 *   records the reason and the optional comment.
 * - One vote per user per answer: the dedupe key HMAC(secret, user id +
 *   answer id) is on file (src/feedback/store.ts); a second vote, 👍 or 👎,
 *   is refused. A vote cannot be changed: the store is append-only and the
 *   first answer a user gives is the one kept.
 * - When the answer's state is gone (a restart, or evicted), the answer is
 *   read back from the clicked message: the question from the embed title,
 *   each quote from a "> …" line of the embed that is verbatim in the
 *   passage a `p|…` button of the message names (looked up in the live
 *   catalog, text hash checked). A quote that cannot be verified is left out;
 *   an answer with no verifiable quote left is "too old to rate".
 */
import {
  ButtonBuilder,
  ButtonStyle,
  LabelBuilder,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ActionRowBuilder,
  type ButtonInteraction,
  type Message,
  type ModalSubmitInteraction,
} from 'discord.js';
import { z } from 'zod';
import { collapse, isVerbatim, type Answer } from '../../answer/answer.js';
import type { Engine } from '../../engine/engine.js';
import { COMMENT_MAX, QUESTION_MAX, QUOTE_TEXT_MAX, QUOTES_MAX, REASON_LABELS, REASONS, type FeedbackQuote, type FeedbackRecord, type Reason } from '../../feedback/record.js';
import { FeedbackStore, type FeedbackSettings } from '../../feedback/store.js';
import type { Logger } from '../../log/logger.js';
import { indexVersion } from '../../metrics/metrics.js';
import { LIMITS, unescapeText } from '../../render/discord.js';

/** Re-exported for the tests that check the round trip. */
export { unescapeText };
import { buttonRow } from '../buttons.js';
import { catalogOf } from '../catalog.js';
import type { BotContext } from '../context.js';
import { encodeCustomId, parseCustomId, type CustomId } from '../custom-id.js';
import { stateId, textHash } from '../hash.js';
import { ephemeralText } from '../reply.js';
import { TtlMap } from '../ttl-map.js';

export const THANKS_UP_MESSAGE = 'Thanks for the feedback: your 👍 is recorded.';
export const THANKS_DOWN_MESSAGE = 'Thanks for the feedback: your 👎 and what was wrong are recorded. They help us fix the answers.';
export const ALREADY_RATED_MESSAGE = 'You already rated this answer.';
export const TOO_OLD_MESSAGE = 'This answer is too old to rate (the bot was restarted or the report changed since). Ask again to rate the new answer.';
export const NOT_RECORDED_MESSAGE = 'Sorry, your feedback could not be recorded right now.';
export const FEEDBACK_OFF_MESSAGE = 'Feedback is not collected by this bot any more.';
export const BAD_MODAL_MESSAGE = 'Please choose what was wrong, and keep the comment short.';
export const MODAL_TITLE = 'What was wrong?';

/** Ids of the modal's fields. */
export const REASON_FIELD = 'reason';
export const COMMENT_FIELD = 'comment';

/** How long an answer's state is kept for its buttons (after that it is read back from the message). */
export const FEEDBACK_STATE_TTL_MS = 24 * 60 * 60 * 1000;
/** At most this many answers' states are kept. */
export const FEEDBACK_STATE_MAX = 2000;

/** What an answer message showed, as recorded with a vote. */
export interface RatedAnswer {
  question: string;
  answered: boolean;
  quotes: FeedbackQuote[];
  index: string;
  restored: boolean;
}

type VoteId = Extract<CustomId, { kind: 'vote' }>;

/** The bot's feedback: the store and the answers' states. */
export class BotFeedback {
  readonly store: FeedbackStore;
  readonly answers: TtlMap<string, RatedAnswer>;

  constructor(
    settings: FeedbackSettings,
    private readonly log: Logger,
    now: () => number = Date.now,
  ) {
    this.store = new FeedbackStore(settings, (note) => log.warn({ file: settings.file }, note));
    this.answers = new TtlMap<string, RatedAnswer>(FEEDBACK_STATE_MAX, FEEDBACK_STATE_TTL_MS, now);
  }

  /** Readiness for /healthz: whether the store can be written. */
  problem(): string | null {
    return this.store.problem();
  }

  /** The answer `answerId` refers to: its state, or what `message` carries, or null. */
  answerFor(answerId: string, answered: boolean, message: Message | null, engine: Engine): RatedAnswer | null {
    const kept = this.answers.get(answerId);
    if (kept) return kept;
    if (!message) return null;
    const restored = restoreAnswer(message, answerId, answered, engine);
    if (!restored) this.log.info({ answerId }, 'feedback on an answer that can no longer be read back');
    return restored;
  }
}

const cutText = (text: string, max: number): string => (text.length <= max ? text : text.slice(0, max).replace(/[\uD800-\uDBFF]$/u, ''));

function toFeedbackQuote(text: string, chunkId: string, engine: Engine, truncated = false): FeedbackQuote | null {
  const chunk = catalogOf(engine).chunk(chunkId);
  if (!chunk) return null;
  const shown = cutText(collapse(text), QUOTE_TEXT_MAX);
  // Verbatim is the law here too: a quote recorded is a quote found in its passage.
  if (!isVerbatim(shown, chunk.sourceText)) return null;
  const c = chunk.citation;
  return {
    text: shown,
    truncated: truncated || shown.length < collapse(text).length,
    report: c.document,
    chunkId: chunk.id,
    section: c.sectionPath.length > 0 ? c.sectionPath.join(' › ') : null,
    page: c.page,
    paragraph: c.paragraph,
    footnote: c.footnote,
  };
}

/**
 * The 👍 and 👎 buttons of one answer message (none when feedback is off),
 * remembering what the answer showed. Append them to the message's last row
 * with `appendToLastRow`.
 */
export function feedbackButtons(ctx: BotContext, engine: Engine, answer: Answer): ButtonBuilder[] {
  const feedback = ctx.feedback;
  if (!feedback) return [];
  const answered = answer.answered && answer.quotes.length > 0;
  const quotes = answer.quotes.slice(0, QUOTES_MAX).flatMap((q) => toFeedbackQuote(q.text, q.chunkId, engine) ?? []);
  const answerId = stateId();
  feedback.answers.set(answerId, { question: cutText(answer.question, QUESTION_MAX), answered, quotes, index: indexVersion(engine.index.manifest), restored: false });
  const id = (vote: 'up' | 'down'): string => encodeCustomId({ kind: 'vote', vote, answered, answer: answerId });
  return [
    new ButtonBuilder().setCustomId(id('up')).setLabel('👍').setStyle(ButtonStyle.Secondary),
    new ButtonBuilder().setCustomId(id('down')).setLabel('👎').setStyle(ButtonStyle.Secondary),
  ];
}

/** `rows` with `buttons` added to the last row when it has room, else in a new row (at most 5 rows). */
export function appendToLastRow(rows: readonly ActionRowBuilder<ButtonBuilder>[], buttons: readonly ButtonBuilder[]): ActionRowBuilder<ButtonBuilder>[] {
  if (buttons.length === 0) return [...rows];
  const last = rows.at(-1);
  if (last && last.components.length + buttons.length <= LIMITS.buttonsPerRow) {
    last.addComponents(...buttons);
    return [...rows];
  }
  return rows.length < LIMITS.actionRows ? [...rows, buttonRow(buttons)] : [...rows];
}

/** The "What was wrong?" modal of a 👎. */
export function reasonModal(id: VoteId): ModalBuilder {
  const select = new StringSelectMenuBuilder()
    .setCustomId(REASON_FIELD)
    .setPlaceholder('Choose one')
    .setMinValues(1)
    .setMaxValues(1)
    .addOptions(REASONS.map((r) => ({ label: REASON_LABELS[r], value: r })));
  const comment = new TextInputBuilder()
    .setCustomId(COMMENT_FIELD)
    .setStyle(TextInputStyle.Paragraph)
    .setRequired(false)
    .setMaxLength(COMMENT_MAX)
    .setPlaceholder('Which quote, or what the report says instead');
  return new ModalBuilder()
    .setCustomId(encodeCustomId({ kind: 'voteReason', answered: id.answered, answer: id.answer }))
    .setTitle(MODAL_TITLE)
    .addLabelComponents(
      new LabelBuilder().setLabel('What was wrong?').setStringSelectMenuComponent(select),
      new LabelBuilder().setLabel('Comment (optional)').setDescription('Please do not include personal details.').setTextInputComponent(comment),
    );
}

/** The modal's fields, zod-checked. */
const ModalFieldsSchema = z.object({
  reason: z.enum(REASONS),
  comment: z.string().max(COMMENT_MAX),
});

function modalFields(interaction: ModalSubmitInteraction): { reason: Reason; comment: string } | null {
  let raw: { reason: unknown; comment: unknown };
  try {
    raw = { reason: interaction.fields.getStringSelectValues(REASON_FIELD)[0], comment: '' };
  } catch {
    return null;
  }
  try {
    raw.comment = interaction.fields.getTextInputValue(COMMENT_FIELD);
  } catch {
    // The comment is optional.
  }
  const parsed = ModalFieldsSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** Appends the vote; replies with the outcome (ephemeral). */
async function recordVote(
  interaction: ButtonInteraction | ModalSubmitInteraction,
  ctx: BotContext,
  feedback: BotFeedback,
  answerId: string,
  answer: RatedAnswer,
  key: string,
  vote: { vote: 'up' | 'down'; reason: Reason | null; comment: string | null },
): Promise<void> {
  const record: FeedbackRecord = { v: 1, time: new Date().toISOString(), answerId, key, ...vote, ...answer };
  let outcome;
  try {
    outcome = feedback.store.record(record);
  } catch (err) {
    ctx.log.error({ err, answerId }, 'could not record feedback');
    await interaction.reply(ephemeralText(NOT_RECORDED_MESSAGE));
    return;
  }
  if (outcome === 'duplicate') {
    await interaction.reply(ephemeralText(ALREADY_RATED_MESSAGE));
    return;
  }
  // No user id in this log line either: the store's privacy holds in the logs.
  ctx.log.info({ answerId, vote: vote.vote, reason: vote.reason, answered: answer.answered, restored: answer.restored }, 'feedback recorded');
  await interaction.reply(ephemeralText(vote.vote === 'up' ? THANKS_UP_MESSAGE : THANKS_DOWN_MESSAGE));
}

/** The dedupe key, or null (and a reply) when the store cannot make one. */
async function keyOf(interaction: ButtonInteraction | ModalSubmitInteraction, ctx: BotContext, feedback: BotFeedback, answerId: string): Promise<string | null> {
  try {
    const key = feedback.store.keyFor(interaction.user.id, answerId);
    if (feedback.store.has(key)) {
      await interaction.reply(ephemeralText(ALREADY_RATED_MESSAGE));
      return null;
    }
    return key;
  } catch (err) {
    ctx.log.error({ err, answerId }, 'could not read the feedback store');
    await interaction.reply(ephemeralText(NOT_RECORDED_MESSAGE));
    return null;
  }
}

/** 👍: records at once. 👎: opens the "What was wrong?" modal. */
export async function handleVote(interaction: ButtonInteraction, id: VoteId, ctx: BotContext): Promise<void> {
  const feedback = ctx.feedback;
  if (!feedback) {
    await interaction.reply(ephemeralText(FEEDBACK_OFF_MESSAGE));
    return;
  }
  const answer = feedback.answerFor(id.answer, id.answered, interaction.message, ctx.engines.current);
  if (!answer) {
    await interaction.reply(ephemeralText(TOO_OLD_MESSAGE));
    return;
  }
  const key = await keyOf(interaction, ctx, feedback, id.answer);
  if (key === null) return;
  if (id.vote === 'up') await recordVote(interaction, ctx, feedback, id.answer, answer, key, { vote: 'up', reason: null, comment: null });
  else await interaction.showModal(reasonModal(id));
}

/** The submitted "What was wrong?" modal: records the 👎 with its reason. */
export async function handleVoteModal(interaction: ModalSubmitInteraction, ctx: BotContext): Promise<void> {
  const id = parseCustomId(interaction.customId);
  if (!id || id.kind !== 'voteReason') {
    ctx.log.warn({ interactionId: interaction.id, customIdLength: interaction.customId.length }, 'unknown modal custom id');
    await interaction.reply(ephemeralText('This form is from an older version of the bot. Please ask again.'));
    return;
  }
  const feedback = ctx.feedback;
  if (!feedback) {
    await interaction.reply(ephemeralText(FEEDBACK_OFF_MESSAGE));
    return;
  }
  const fields = modalFields(interaction);
  if (!fields) {
    await interaction.reply(ephemeralText(BAD_MODAL_MESSAGE));
    return;
  }
  const message = interaction.isFromMessage() ? interaction.message : null;
  const answer = feedback.answerFor(id.answer, id.answered, message, ctx.engines.current);
  if (!answer) {
    await interaction.reply(ephemeralText(TOO_OLD_MESSAGE));
    return;
  }
  const key = await keyOf(interaction, ctx, feedback, id.answer);
  if (key === null) return;
  const comment = fields.comment.trim();
  await recordVote(interaction, ctx, feedback, id.answer, answer, key, { vote: 'down', reason: fields.reason, comment: comment === '' ? null : comment });
}

// ---------------------------------------------------------------- reading an answer back from its message

/** Every `custom_id` in a message's components (API JSON), in order. */
function customIdsOf(components: readonly unknown[]): string[] {
  const out: string[] = [];
  const walk = (c: unknown): void => {
    if (typeof c !== 'object' || c === null) return;
    const o = c as { custom_id?: unknown; components?: unknown };
    if (typeof o.custom_id === 'string') out.push(o.custom_id);
    if (Array.isArray(o.components)) o.components.forEach(walk);
  };
  components.forEach(walk);
  return out;
}

/** The answer a message shows, read back from its embed and buttons; null when it cannot be. */
export function restoreAnswer(message: Message, answerId: string, answered: boolean, engine: Engine): RatedAnswer | null {
  const parsed = customIdsOf(message.components.map((row) => row.toJSON())).map((x) => parseCustomId(x));
  // Only a message that carries this answer's own vote buttons is read.
  if (!parsed.some((p) => p?.kind === 'vote' && p.answer === answerId)) return null;
  const embed = message.embeds[0];
  const title = embed?.title ? collapse(unescapeText(embed.title)) : '';
  if (title === '') return null;
  const quoteLines = (embed?.description ?? '')
    .split('\n')
    .filter((l) => l.startsWith('> '))
    .map((l) => {
      const text = unescapeText(l.slice(2));
      return text.endsWith('…') ? { text: text.slice(0, -1).trimEnd(), truncated: true } : { text, truncated: false };
    });
  const catalog = catalogOf(engine);
  const quotes: FeedbackQuote[] = [];
  for (const p of parsed) {
    if (p?.kind !== 'passage' || quotes.length >= QUOTES_MAX) continue;
    const chunk = catalog.chunk(p.ref);
    if (!chunk || textHash(chunk.sourceText) !== p.hash || quotes.some((q) => q.chunkId === chunk.id)) continue;
    const line = quoteLines.find((l) => isVerbatim(l.text, chunk.sourceText));
    const quote = line ? toFeedbackQuote(line.text, chunk.id, engine, line.truncated) : null;
    if (quote) quotes.push(quote);
  }
  if (answered && quotes.length === 0) return null;
  return { question: cutText(title, QUESTION_MAX), answered, quotes, index: indexVersion(engine.index.manifest), restored: true };
}
