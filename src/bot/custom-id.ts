/**
 * Button custom ids (≤ 100 characters). Each carries what its handler needs,
 * so buttons keep working on old messages and across restarts, except "More
 * passages", whose question lives in a 15-minute in-memory map.
 *
 *   m|<offset>|<state>            More passages: next results from <offset>
 *   p|<slot>|<hash>|<chunk ref>   Full paragraph / open a search result
 *   s|<page>|<hash>|<section key> A page of a section
 *   f|<u|d>|<0|1>|<answer id>      👍/👎 on an answer (1: it quoted, 0: it abstained)
 *   f|r|<0|1>|<answer id>          The "What was wrong?" modal of a 👎 (a modal's custom id)
 *   c|<hash>|<i>.<i>…             Cite: a reference for the answer's quotes,
 *                                 by their chunks' positions in the index
 *
 * <hash> is `textHash` of the paragraph's or section's text when the button
 * was made: a different text now means the report was updated, and the
 * handler says so instead of showing other text. Parsing goes through zod;
 * anything malformed parses to null. A parsed ref or key is only ever looked
 * up among the live index's known chunks and sections (catalog.ts, in memory).
 */
import { z } from 'zod';
import { TEXT_HASH_LENGTH } from './hash.js';
import { LIMITS } from '../render/discord.js';

export type CustomId =
  | { kind: 'more'; offset: number; state: string }
  | { kind: 'passage'; slot: number; hash: string; ref: string }
  | { kind: 'sectionPage'; page: number; hash: string; key: string }
  | { kind: 'vote'; vote: 'up' | 'down'; answered: boolean; answer: string }
  | { kind: 'voteReason'; answered: boolean; answer: string }
  /** <hash> here is `textHash` of the chunks' ids and texts: a reindex that moved them makes the button stale. */
  | { kind: 'cite'; hash: string; chunks: number[] };

/** Longest chunk ref or section key written into a custom id. */
export const MAX_REF_LENGTH = 80;

const SEPARATOR = '|';
const index = z.coerce.number().int().min(0).max(999);
const hash = z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${TEXT_HASH_LENGTH}}$`, 'u'));
/** Chunk refs and section keys: report ids, section slugs (letters and digits of any script), "#", ".", ":", "/", "~", "_", "-". */
const ref = z
  .string()
  .min(1)
  .max(MAX_REF_LENGTH)
  .regex(/^[\p{L}\p{N}#.:/~_-]+$/u);
const state = z.string().regex(/^[A-Za-z0-9_-]{6,16}$/u);
/** Chunk positions, "12.40.7": one to five, each below a million. */
const positions = z
  .string()
  .regex(/^\d{1,6}(\.\d{1,6}){0,4}$/u)
  .transform((s) => s.split('.').map(Number));

const schemas = {
  m: z.tuple([index, state]).transform(([offset, s]): CustomId => ({ kind: 'more', offset, state: s })),
  p: z.tuple([index, hash, ref]).transform(([slot, h, r]): CustomId => ({ kind: 'passage', slot, hash: h, ref: r })),
  s: z.tuple([index, hash, ref]).transform(([page, h, k]): CustomId => ({ kind: 'sectionPage', page, hash: h, key: k })),
  f: z
    .tuple([z.enum(['u', 'd', 'r']), z.enum(['0', '1']), state])
    .transform(([v, a, s]): CustomId => (v === 'r' ? { kind: 'voteReason', answered: a === '1', answer: s } : { kind: 'vote', vote: v === 'u' ? 'up' : 'down', answered: a === '1', answer: s })),
  c: z.tuple([hash, positions]).transform(([h, chunks]): CustomId => ({ kind: 'cite', hash: h, chunks })),
} as const;

/** Splits into at most `parts` pieces; the last keeps any further separators. */
function splitN(text: string, parts: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (out.length < parts - 1) {
    const at = rest.indexOf(SEPARATOR);
    if (at < 0) break;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  out.push(rest);
  return out;
}

export function parseCustomId(id: string): CustomId | null {
  if (id.length > LIMITS.customId) return null;
  const [prefix, ...rest] = splitN(id, 4);
  if (prefix !== 'm' && prefix !== 'p' && prefix !== 's' && prefix !== 'f' && prefix !== 'c') return null;
  const result = schemas[prefix].safeParse(rest);
  return result.success ? result.data : null;
}

export function encodeCustomId(id: CustomId): string {
  const text =
    id.kind === 'more'
      ? ['m', id.offset, id.state].join(SEPARATOR)
      : id.kind === 'passage'
        ? ['p', id.slot, id.hash, id.ref].join(SEPARATOR)
        : id.kind === 'cite'
          ? ['c', id.hash, id.chunks.join('.')].join(SEPARATOR)
          : id.kind === 'sectionPage'
            ? ['s', id.page, id.hash, id.key].join(SEPARATOR)
            : ['f', id.kind === 'vote' ? (id.vote === 'up' ? 'u' : 'd') : 'r', id.answered ? 1 : 0, id.answer].join(SEPARATOR);
  // Round-trip: what we write must parse back to the same thing.
  const parsed = parseCustomId(text);
  if (!parsed || JSON.stringify(parsed) !== JSON.stringify(id)) throw new RangeError(`cannot encode custom id ${JSON.stringify(id)}`);
  return text;
}
