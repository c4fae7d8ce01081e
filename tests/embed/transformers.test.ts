import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEmbedder, embedderIdFor, type Embedder, type EmbedderConfig } from '../../src/embed/index.js';
import { writeTinyModel } from './tiny-model.js';

const MODEL = 'tiny/test-model';
const HIDDEN = 8;

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * (b[i] ?? NaN), 0);
const norm = (a: Float32Array): number => Math.sqrt(dot(a, a));

describe('transformers embedder (tiny generated model, offline)', () => {
  let tmp: string;
  let embedder: Embedder;
  const fetchSpy = vi.fn((input: unknown) => Promise.reject(new Error(`network access in a test: ${String(input)}`)));

  const config = (overrides: Partial<Extract<EmbedderConfig, { kind: 'transformers' }>> = {}): EmbedderConfig => ({
    kind: 'transformers',
    model: MODEL,
    modelsDir: tmp,
    allowRemote: false,
    quantized: false,
    pooling: 'mean',
    queryPrefix: '',
    passagePrefix: '',
    ...overrides,
  });

  beforeAll(async () => {
    vi.stubGlobal('fetch', fetchSpy);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'verbatim-embed-'));
    await writeTinyModel(tmp, MODEL, { hidden: HIDDEN });
    embedder = await createEmbedder(config());
  });

  afterAll(async () => {
    await embedder?.dispose();
    vi.unstubAllGlobals();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('runs on onnxruntime-node (native CPU binary), not the WASM runtime', () => {
    if (process.platform !== 'linux') return;
    const maps = readFileSync('/proc/self/maps', 'utf8');
    expect(maps).toMatch(/onnxruntime-node\/bin\/napi-v3\/linux\/[^/]+\/libonnxruntime\.so/);
  });

  it('has id transformers:<model> and dimensions = hidden size', () => {
    expect(embedder.id).toBe(`transformers:${MODEL}`);
    expect(embedder.id).toBe(embedderIdFor(config()));
    expect(embedder.dimensions).toBe(HIDDEN);
  });

  it('returns unit-length Float32Arrays, one per text', async () => {
    const texts = ['How many polling stations were observed?', 'The weather was cold.', '', 'zzz unknown words'];
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(texts.length);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(HIDDEN);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    expect(await embedder.embed([])).toEqual([]);
  });

  it('is deterministic and separates different texts', async () => {
    const [a1, b] = await embedder.embed(['polling stations were observed', 'the weather was cold']);
    const [a2] = await embedder.embed(['polling stations were observed']);
    expect(Array.from(a1!)).toEqual(Array.from(a2!));
    expect(dot(a1!, b!)).toBeLessThan(0.999);
  });

  it('gives the same vectors in large (padded, multi-batch) calls as one by one', async () => {
    const words = ['the', 'election', 'vote', 'count', 'ballot', 'report', 'mission', 'day'];
    const texts = Array.from({ length: 70 }, (_, i) => words.slice(0, 1 + (i % words.length)).join(' '));
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(70);
    for (const i of [0, 7, 31, 32, 69]) {
      const [single] = await embedder.embed([texts[i]!]);
      for (let d = 0; d < HIDDEN; d++) expect(vectors[i]![d]).toBeCloseTo(single![d]!, 5);
    }
  });

  it('prepends queryPrefix for queries only', async () => {
    const withPrefix = await createEmbedder(config({ queryPrefix: 'how many ' }));
    try {
      const [q] = await withPrefix.embed(['polling stations'], 'query');
      const [p] = await withPrefix.embed(['polling stations'], 'passage');
      const [prefixed] = await withPrefix.embed(['how many polling stations']);
      expect(Array.from(q!)).toEqual(Array.from(prefixed!));
      expect(Array.from(p!)).not.toEqual(Array.from(q!));
    } finally {
      await withPrefix.dispose();
    }
  });

  it('supports cls pooling (the tiny model has no attention, so [CLS] is the same for every text)', async () => {
    const cls = await createEmbedder(config({ pooling: 'cls' }));
    try {
      const [a, b] = await cls.embed(['polling stations', 'the weather was cold']);
      const [mean] = await embedder.embed(['polling stations']);
      expect(Array.from(a!)).toEqual(Array.from(b!));
      expect(Array.from(a!)).not.toEqual(Array.from(mean!));
      expect(norm(a!)).toBeCloseTo(1, 5);
    } finally {
      await cls.dispose();
    }
  });

  it('uses onnx/model_quantized.onnx when quantized and present, else falls back to model.onnx', async () => {
    const qDir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-embed-q-'));
    try {
      await writeTinyModel(qDir, MODEL, { hidden: HIDDEN, withQuantized: true });
      const q = await createEmbedder(config({ modelsDir: qDir, quantized: true }));
      const fp = await createEmbedder(config({ modelsDir: qDir, quantized: false }));
      const fallback = await createEmbedder(config({ quantized: true })); // tmp has no quantized file
      try {
        const [vq] = await q.embed(['vote count']);
        const [vfp] = await fp.embed(['vote count']);
        const [vfb] = await fallback.embed(['vote count']);
        const [vref] = await embedder.embed(['vote count']);
        expect(Array.from(vq!)).not.toEqual(Array.from(vfp!));
        expect(Array.from(vfp!)).toEqual(Array.from(vref!));
        expect(Array.from(vfb!)).toEqual(Array.from(vref!));
      } finally {
        await Promise.all([q.dispose(), fp.dispose(), fallback.dispose()]);
      }
    } finally {
      await rm(qDir, { recursive: true, force: true });
    }
  });

  it('fails with a clear one-line error when the model folder is missing', async () => {
    const missing = 'Xenova/not-here';
    const error = await createEmbedder(config({ model: missing })).then(
      () => new Error('expected a rejection'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain(path.join(tmp, 'Xenova', 'not-here'));
    expect(message).toMatch(/does not exist/);
    expect(message).toMatch(/Copy a transformers\.js model folder/);
    expect(message).toMatch(/allowRemote: true; ALLOW_MODEL_DOWNLOADS=true/);
  });

  it('with allowRemote, a model that cannot be fetched gives a one-line error (fetch is stubbed)', async () => {
    const calls = fetchSpy.mock.calls.length;
    const error = await createEmbedder(config({ model: 'Xenova/not-here', allowRemote: true })).then(
      () => new Error('expected a rejection'),
      (e: unknown) => e,
    );
    const message = (error as Error).message;
    expect(message).toMatch(/^Could not load embedding model "Xenova\/not-here" \(fp32\) from .* or the Hugging Face hub: /);
    expect(message).toContain('network access in a test');
    expect(message).not.toContain('\n');
    expect(fetchSpy.mock.calls.length).toBeGreaterThan(calls);
    fetchSpy.mockClear();
  });

  it('names the missing files when the model folder is incomplete', async () => {
    const broken = path.join(tmp, 'tiny', 'broken');
    await cp(path.join(tmp, 'tiny', 'test-model'), broken, { recursive: true });
    await rm(path.join(broken, 'tokenizer.json'));
    await rm(path.join(broken, 'onnx'), { recursive: true });
    await expect(createEmbedder(config({ model: 'tiny/broken' }))).rejects.toThrow(
      /incomplete: missing tokenizer\.json, onnx\/model\.onnx \(or onnx\/model_quantized\.onnx\)\. Copy/,
    );
  });

  it('refuses to embed after dispose', async () => {
    const other = await createEmbedder(config());
    await other.dispose();
    await expect(other.embed(['x'])).rejects.toThrow(/disposed/);
  });

  it('made no network request with allowRemote: false, and wrote no cache outside the models folder', () => {
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(existsSync(path.join('node_modules', '@huggingface', 'transformers', '.cache', 'tiny'))).toBe(false);
  });
});
