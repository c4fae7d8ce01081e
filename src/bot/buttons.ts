/** The bot's buttons, with their custom ids (see custom-id.ts). */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import type { Chunk } from '../chunk/chunk.js';
import { chunkRef, type SectionEntry } from './catalog.js';
import { encodeCustomId } from './custom-id.js';
import { textHash } from './hash.js';
import { LIMITS, truncate } from '../render/discord.js';

export function buttonRow(buttons: readonly ButtonBuilder[]): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(...buttons);
}

/** "More passages": the next results of the question kept under `state`, from `offset`. */
export function moreButton(offset: number, state: string): ButtonBuilder {
  return new ButtonBuilder().setCustomId(encodeCustomId({ kind: 'more', offset, state })).setLabel('More passages').setStyle(ButtonStyle.Primary);
}

/** Opens the whole paragraph (or footnote) a chunk comes from; `slot` keeps ids unique within a message. */
export function passageButton(slot: number, chunk: Chunk, label: string): ButtonBuilder {
  return new ButtonBuilder()
    .setCustomId(encodeCustomId({ kind: 'passage', slot, hash: textHash(chunk.sourceText), ref: chunkRef(chunk.id) }))
    .setLabel(label)
    .setStyle(ButtonStyle.Secondary);
}

/** Previous/Next for a section shown on page `page` (0-based) of `pageCount`. */
export function sectionPageButtons(entry: SectionEntry, page: number, pageCount: number): ButtonBuilder[] {
  const to = (p: number): string => encodeCustomId({ kind: 'sectionPage', page: p, hash: entry.hash, key: entry.key });
  return [
    new ButtonBuilder().setCustomId(to(Math.max(0, page - 1))).setLabel('Previous').setStyle(ButtonStyle.Secondary).setDisabled(page === 0),
    new ButtonBuilder().setCustomId(to(Math.min(pageCount - 1, page + 1))).setLabel('Next').setStyle(ButtonStyle.Secondary).setDisabled(page >= pageCount - 1),
  ];
}

/** Opens a section at its first page (an abstention's closest sections): the sectionPage custom id, page 0. */
export function sectionOpenButton(entry: SectionEntry): ButtonBuilder {
  const heading = entry.view.section?.heading ?? entry.view.title;
  return new ButtonBuilder()
    .setCustomId(encodeCustomId({ kind: 'sectionPage', page: 0, hash: entry.hash, key: entry.key }))
    .setLabel(truncate(heading, LIMITS.buttonLabel))
    .setStyle(ButtonStyle.Secondary);
}
