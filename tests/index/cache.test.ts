/**
 * The embedding cache keeps vectors as the index does (float16 bits): what is
 * saved comes back bit for bit, and a record that is damaged, holds a
 * non-finite value or is cut short is dropped, never trusted.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddingCache } from '../../src/index/cache.js';

const DIMS = 8;
const bits = (seed: number): Uint16Array => Uint16Array.from({ length: DIMS }, (_, i) => 0x3000 + seed * 16 + i);

describe('EmbeddingCache', () => {
  it('gives back saved vectors bit for bit, keyed by embedder and text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verbatim-cache-'));
    const cache = new EmbeddingCache(dir, 'model-a', DIMS);
    cache.set('first sentence', bits(1));
    cache.set('second sentence', bits(2));
    cache.save();
    const again = new EmbeddingCache(dir, 'model-a', DIMS);
    expect(again.stats).toEqual({ loaded: 2, corrupt: 0 });
    expect(again.get('first sentence')).toEqual(bits(1));
    expect(again.get('second sentence')).toEqual(bits(2));
    expect(again.get('third sentence')).toBeUndefined();
    expect(new EmbeddingCache(dir, 'model-b', DIMS).get('first sentence')).toBeUndefined();
  });

  it('drops a record whose vector is not finite even when its checksum holds, and a record cut short', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verbatim-cache-'));
    const cache = new EmbeddingCache(dir, 'model-a', DIMS);
    cache.set('a', bits(1));
    cache.set('b', bits(2));
    cache.save();
    const buf = readFileSync(cache.file);
    const record = 36 + DIMS * 2;
    const vector = buf.subarray(36, record);
    vector.writeUInt16LE(0x7c00, 0); // +Infinity in the first record
    createHash('sha256').update(vector).digest().copy(buf, 32, 0, 4); // with a checksum that matches
    writeFileSync(cache.file, Buffer.concat([buf, buf.subarray(0, record - 3)]));
    const again = new EmbeddingCache(dir, 'model-a', DIMS);
    expect(again.stats).toEqual({ loaded: 1, corrupt: 2 });
    expect(again.size).toBe(1);
  });
});
