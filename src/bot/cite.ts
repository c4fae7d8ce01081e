/**
 * The "Cite" button of an answer and its reply: an ephemeral, ready-to-paste
 * reference for each quote shown (render/reference.ts). The button's custom
 * id carries the quotes' chunk positions in the index and a hash of those
 * chunks' ids and texts, so it keeps working across restarts and says so
 * plainly once a reindex has changed or moved them.
 */
import { ButtonBuilder, ButtonStyle } from 'discord.js';
import type { Quote } from '../answer/answer.js';
import type { Chunk } from '../chunk/chunk.js';
import type { Engine } from '../engine/engine.js';
import { renderReferences, type ReferenceItem } from '../render/reference.js';
import { encodeCustomId, type CustomId } from './custom-id.js';
import { textHash } from './hash.js';

/** Most quotes one Cite button covers (what its custom id can carry). */
export const MAX_CITED = 5;

const positionsOf = new WeakMap<Engine, Map<string, number>>();

/** A chunk's position in the engine's index, by chunk id. */
function positionOf(engine: Engine, chunkId: string): number | undefined {
  let map = positionsOf.get(engine);
  if (!map) {
    map = new Map(engine.index.chunks.map((c, i) => [c.id, i]));
    positionsOf.set(engine, map);
  }
  return map.get(chunkId);
}

/** What a Cite button's hash covers: the chunks' ids and texts. */
export function citeHash(chunks: readonly Chunk[]): string {
  return textHash(chunks.map((c) => `${c.id}\n${c.sourceText}`).join('\n\u0000\n'));
}

/** The "Cite" button for the quotes of an answer (in the order shown); null when none of them can be cited. */
export function citeButton(engine: Engine, quotes: readonly Quote[]): ButtonBuilder | null {
  const positions = [...new Set(quotes.flatMap((q) => positionOf(engine, q.chunkId) ?? []))].slice(0, MAX_CITED);
  const chunks = positions.flatMap((i) => engine.index.chunks[i] ?? []);
  if (chunks.length === 0) return null;
  return new ButtonBuilder()
    .setCustomId(encodeCustomId({ kind: 'cite', hash: citeHash(chunks), chunks: positions }))
    .setLabel('Cite')
    .setStyle(ButtonStyle.Secondary);
}

/** The reply to a Cite click: the references, or null when the index changed since the button was made. */
export function citeText(engine: Engine, id: Extract<CustomId, { kind: 'cite' }>): string | null {
  const chunks = id.chunks.map((i) => engine.index.chunks[i]);
  if (chunks.some((c) => c === undefined)) return null;
  const found = chunks.filter((c): c is Chunk => c !== undefined);
  if (citeHash(found) !== id.hash) return null;
  const items: ReferenceItem[] = found.flatMap((c) => {
    const meta = engine.report(c.citation.document)?.meta;
    return meta ? [{ meta, citation: { sectionPath: c.citation.sectionPath, page: c.citation.page, paragraph: c.citation.paragraph, footnote: c.citation.footnote } }] : [];
  });
  return items.length > 0 ? renderReferences(items) : null;
}
