/** Short, stable hashes for custom ids: they detect changed text, they are not secrets. */
import { createHash, randomBytes } from 'node:crypto';

/** Length of `textHash`: 8 base64url characters (48 bits). */
export const TEXT_HASH_LENGTH = 8;

/** Hash of a text, to tell whether a quoted paragraph or section is still the same after a reindex. */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, TEXT_HASH_LENGTH);
}

/** A reference to an id that fits `max` characters: the id itself, or "#" and a 16-character hash of it. */
export function compactRef(id: string, max: number): string {
  return id.length <= max && !id.startsWith('#') ? id : `#${createHash('sha256').update(id, 'utf8').digest('base64url').slice(0, 16)}`;
}

/** A random id for in-memory state (10 base64url characters). */
export function stateId(): string {
  return randomBytes(8).toString('base64url').slice(0, 10);
}
