/**
 * The buttons under an answer (layout agreed for issue 14):
 *
 *   row 1  one "Full paragraph" / "Full footnote" per passage quoted, in the
 *          order the answer shows them, then "More passages" when there are more
 *   row 2  "Cite" (others append their buttons to the last row)
 *
 * Two quotes from one paragraph share its button: no two buttons open the
 * same passage.
 */
import type { ActionRowBuilder, ButtonBuilder } from 'discord.js';
import { passageKey, type Quote } from '../answer/answer.js';
import type { Engine } from '../engine/engine.js';
import { LIMITS, truncate } from '../render/discord.js';
import { buttonRow, passageButton } from './buttons.js';
import { catalogOf } from './catalog.js';
import { citeButton } from './cite.js';

/** "Full paragraph · p. 11 ¶ 4", "Full footnote 12 · p. 3". */
export function passageLabel(q: Quote): string {
  const label = q.footnote !== null ? `Full footnote ${q.footnote} · p. ${q.page}` : `Full paragraph · p. ${q.page}${q.paragraph !== null ? ` ¶ ${q.paragraph}` : ''}`;
  return truncate(label, LIMITS.buttonLabel);
}

/** One button per passage quoted (first quote of each passage), in the order given. */
export function passageButtons(engine: Engine, quotes: readonly Quote[]): ButtonBuilder[] {
  const catalog = catalogOf(engine);
  const seen = new Set<string>();
  const out: ButtonBuilder[] = [];
  for (const q of quotes) {
    const key = passageKey(q);
    const chunk = catalog.chunk(q.chunkId);
    if (!chunk || seen.has(key)) continue;
    seen.add(key);
    out.push(passageButton(out.length, chunk, passageLabel(q)));
  }
  return out;
}

/** The rows of an answer that quotes (`quotes` in the order shown); `more` is the "More passages" button, if any. */
export function answerRows(engine: Engine, quotes: readonly Quote[], more: ButtonBuilder | null): ActionRowBuilder<ButtonBuilder>[] {
  const first = [...passageButtons(engine, quotes).slice(0, LIMITS.buttonsPerRow - (more ? 1 : 0)), ...(more ? [more] : [])];
  const cite = citeButton(engine, quotes);
  return [...(first.length > 0 ? [buttonRow(first)] : []), ...(cite ? [buttonRow([cite])] : [])];
}
