/**
 * Sentence vectors are stored once per distinct text, in half precision: the
 * store must give back what it was given to within half precision, share
 * vectors between rows with the same text, and refuse tables that do not fit.
 */
import { describe, expect, it } from 'vitest';
import { SentenceVectors, writeHalf } from '../../src/index/vectors.js';
import { embeddingText } from '../../src/chunk/chunk.js';
import { loadIndex } from '../../src/index/store.js';
import { ROOT } from '../helpers/corpus.js';

function unit(seed: number, dims: number): Float32Array {
  const v = new Float32Array(dims);
  let x = seed;
  for (let d = 0; d < dims; d++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    v[d] = x / 2 ** 31 - 0.5;
  }
  const norm = Math.hypot(...v);
  return v.map((y) => y / norm);
}

describe('SentenceVectors', () => {
  const dims = 512;
  const a = unit(1, dims);
  const b = unit(2, dims);
  const halves = new Uint16Array(2 * dims);
  writeHalf(a, halves, 0);
  writeHalf(b, halves, dims);
  // Rows 0 and 2 have the same text, so the same vector.
  const store = new SentenceVectors(dims, Uint32Array.from([0, 1, 0]), halves);

  it('gives back each vector to within half precision, and rows with one text share it', () => {
    expect(store.size).toBe(3);
    expect(store.distinct).toBe(2);
    const back = store.vector(1);
    for (let d = 0; d < dims; d++) expect(Math.abs((back[d] as number) - (b[d] as number))).toBeLessThanOrEqual(Math.abs(b[d] as number) * 2 ** -11 + 2 ** -24);
    expect(store.vector(2)).toEqual(store.vector(0));
    expect(store.halfBits(1)).toEqual(halves.subarray(dims, 2 * dims));
  });

  it('dot products and sums agree with full precision to 1e-3', () => {
    const exact = a.reduce((s, x, d) => s + x * (b[d] as number), 0);
    expect(Math.abs(store.dot(b, 0) - exact)).toBeLessThan(1e-3);
    expect(Math.abs(store.dot(a, 0) - 1)).toBeLessThan(1e-3);
    const sum = new Float64Array(dims);
    store.addTo(sum, 0);
    store.addTo(sum, 1, 0.5);
    for (let d = 0; d < dims; d++) expect(Math.abs((sum[d] as number) - ((a[d] as number) + 0.5 * (b[d] as number)))).toBeLessThan(1e-3);
  });

  it('rounds to nearest even like IEEE 754 half precision', () => {
    const out = new Uint16Array(5);
    writeHalf([1, -2, 65504, 1 + 2 ** -11, 1 + 3 * 2 ** -11], out, 0);
    expect([...out]).toEqual([0x3c00, 0xc000, 0x7bff, 0x3c00, 0x3c02]);
  });

  it('refuses a row that names a vector it does not hold, and values that are not whole vectors', () => {
    expect(() => new SentenceVectors(dims, Uint32Array.from([2]), halves)).toThrow(/vector 2 of 2/u);
    expect(() => new SentenceVectors(dims, Uint32Array.from([0]), halves.subarray(1))).toThrow(/whole number/u);
    expect(() => store.vector(3)).toThrow(/no row 3/u);
  });

  it('the committed index stores fewer distinct vectors than sentences, one per distinct embedded text (heading and sentence)', () => {
    const index = loadIndex(`${ROOT}index`);
    const texts = new Map<string, number>();
    index.chunks.forEach((c, i) => {
      const base = index.sentenceRows[i] ?? 0;
      c.sentences.forEach((_s, k) => {
        const text = embeddingText(c, k);
        const v = index.sentenceVectors.rows[base + k] as number;
        const seen = texts.get(text);
        if (seen === undefined) texts.set(text, v);
        else expect(v, text).toBe(seen);
      });
    });
    expect(index.sentenceVectors.distinct).toBe(texts.size);
    expect(index.sentenceVectors.distinct).toBeLessThanOrEqual(index.sentenceVectors.size);
  });
});
