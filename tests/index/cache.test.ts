/**
 * The embedding cache keeps vectors as the index does (float16 bits): what is
 * saved comes back bit for bit, and a record that is damaged, holds a
 * non-finite value or is cut short is dropped, never trusted.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddingCache } from '../../src/index/cache.js';
import type { EmbedderFingerprint } from '../../src/embed/fingerprint.js';

const DIMS = 8;
const fp = (id: string, over: Partial<EmbedderFingerprint> = {}): EmbedderFingerprint => ({ id, weights: 'a'.repeat(64), pooling: 'mean', normalize: true, queryPrefix: '', passagePrefix: '', dimensions: DIMS, ...over });
const bits = (seed: number): Uint16Array => Uint16Array.from({ length: DIMS }, (_, i) => 0x3000 + seed * 16 + i);

describe('EmbeddingCache', () => {
  it('gives back saved vectors bit for bit, keyed by embedder and text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verbatim-cache-'));
    const cache = new EmbeddingCache(dir, fp('model-a'));
    cache.set('first sentence', bits(1));
    cache.set('second sentence', bits(2));
    cache.save();
    const again = new EmbeddingCache(dir, fp('model-a'));
    expect(again.stats).toEqual({ loaded: 2, corrupt: 0 });
    expect(again.get('first sentence')).toEqual(bits(1));
    expect(again.get('second sentence')).toEqual(bits(2));
    expect(again.get('third sentence')).toBeUndefined();
    expect(new EmbeddingCache(dir, fp('model-b')).get('first sentence')).toBeUndefined();
  });

  it('drops a record whose vector is not finite even when its checksum holds, and a record cut short', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verbatim-cache-'));
    const cache = new EmbeddingCache(dir, fp('model-a'));
    cache.set('a', bits(1));
    cache.set('b', bits(2));
    cache.save();
    const buf = readFileSync(cache.file);
    const record = 36 + DIMS * 2;
    const vector = buf.subarray(36, record);
    vector.writeUInt16LE(0x7c00, 0); // +Infinity in the first record
    createHash('sha256').update(buf.subarray(0, 32)).update(vector).digest().copy(buf, 32, 0, 4); // with a checksum that matches
    writeFileSync(cache.file, Buffer.concat([buf, buf.subarray(0, record - 3)]));
    const again = new EmbeddingCache(dir, fp('model-a'));
    expect(again.stats).toEqual({ loaded: 1, corrupt: 2 });
    expect(again.size).toBe(1);
  });

  it('keys records by everything that changes a vector: pooling, prefixes, weights, normalisation and dimensions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verbatim-cache-'));
    const cache = new EmbeddingCache(dir, fp('model-a'));
    cache.set('a sentence', bits(1));
    cache.save();
    expect(new EmbeddingCache(dir, fp('model-a')).get('a sentence')).toEqual(bits(1));
    for (const over of [{ pooling: 'cls' as const }, { queryPrefix: 'query: ' }, { passagePrefix: 'passage: ' }, { weights: 'b'.repeat(64) }, { normalize: false }]) {
      expect(new EmbeddingCache(dir, fp('model-a', over)).get('a sentence'), JSON.stringify(over)).toBeUndefined();
    }
    expect(new EmbeddingCache(dir, fp('model-a', { dimensions: 4 })).get('a sentence')).toBeUndefined();
  });

  it('drops two records whose vectors were swapped, though each vector is intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verbatim-cache-'));
    const cache = new EmbeddingCache(dir, fp('model-a'));
    cache.set('a', bits(1));
    cache.set('b', bits(2));
    cache.save();
    const buf = readFileSync(cache.file);
    const record = 36 + DIMS * 2;
    const first = Buffer.from(buf.subarray(32, record)); // checksum and vector of the first record
    buf.copy(buf, 32, record + 32, 2 * record);
    first.copy(buf, record + 32);
    writeFileSync(cache.file, buf);
    const again = new EmbeddingCache(dir, fp('model-a'));
    expect(again.stats).toEqual({ loaded: 0, corrupt: 2 });
    expect(again.get('a')).toBeUndefined();
    expect(again.get('b')).toBeUndefined();
  });

  it('a save that cannot write leaves no temporary file and the previous cache file as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verbatim-cache-'));
    const cache = new EmbeddingCache(dir, fp('model-a'));
    cache.set('a', bits(1));
    cache.save();
    const before = readFileSync(cache.file);
    mkdirSync(`${cache.file}.${process.pid}.tmp`); // a folder where the temporary file would go
    cache.set('b', bits(2));
    expect(() => cache.save()).toThrow();
    expect(readFileSync(cache.file).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual([basename(cache.file), basename(`${cache.file}.${process.pid}.tmp`)].sort());
  });
});
