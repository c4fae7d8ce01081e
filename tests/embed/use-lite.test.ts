import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEmbedder, embedderIdFor, type Embedder } from '../../src/embed/index.js';

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * (b[i] ?? NaN), 0);
const norm = (a: Float32Array): number => Math.sqrt(dot(a, a));

describe('use-lite embedder (real model, offline)', () => {
  let embedder: Embedder;
  let stdoutWrites: unknown[][] = [];
  let consoleLogs: unknown[][] = [];
  const listenersBefore = {
    uncaught: process.listenerCount('uncaughtException'),
    rejection: process.listenerCount('unhandledRejection'),
  };

  beforeAll(async () => {
    const write = vi.spyOn(process.stdout, 'write');
    const log = vi.spyOn(console, 'log');
    const fetchSpy = vi.fn(() => Promise.reject(new Error('network access in a test')));
    vi.stubGlobal('fetch', fetchSpy);
    embedder = await createEmbedder({ kind: 'use-lite' });
    await embedder.embed(['warm-up']);
    stdoutWrites = write.mock.calls.map((c) => [...c]);
    consoleLogs = log.mock.calls.map((c) => [...c]);
    write.mockRestore();
    log.mockRestore();
    vi.unstubAllGlobals();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  afterAll(async () => {
    await embedder?.dispose();
  });

  it('has the expected id and 512 dimensions', () => {
    expect(embedder.id).toBe('use-lite@0.2.0');
    expect(embedder.id).toBe(embedderIdFor({ kind: 'use-lite' }));
    expect(embedder.dimensions).toBe(512);
  });

  it('prints nothing to stdout while loading and embedding', () => {
    expect(stdoutWrites).toEqual([]);
    expect(consoleLogs).toEqual([]);
  });

  it('leaves no process-wide exception listeners behind (TF.js WASM installs rethrowing ones)', () => {
    expect(process.listenerCount('uncaughtException')).toBe(listenersBefore.uncaught);
    expect(process.listenerCount('unhandledRejection')).toBe(listenersBefore.rejection);
  });

  it('returns one unit-length 512-d Float32Array per text', async () => {
    const texts = ['The mission deployed 30 long-term observers.', 'Voting was calm.', 'x'];
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(texts.length);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(512);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
  });

  it('is deterministic, whatever the batch composition', async () => {
    const text = 'Observers visited 1,173 polling stations';
    const [a] = await embedder.embed([text]);
    const [b] = await embedder.embed([text]);
    const batch = await embedder.embed(['Something else first.', text, 'And after.']);
    expect(Array.from(a!)).toEqual(Array.from(b!));
    expect(Array.from(batch[1]!)).toEqual(Array.from(a!));
  });

  it('scores a related passage above an unrelated one', async () => {
    const [question, related, unrelated] = await embedder.embed(
      ['How many polling stations were observed?', 'Observers visited 1,173 polling stations', 'The weather was cold'],
    );
    const simRelated = dot(question!, related!);
    const simUnrelated = dot(question!, unrelated!);
    expect(simRelated).toBeGreaterThan(simUnrelated + 0.1);
  });

  it('treats query and passage roles alike (USE-lite has no prefix)', async () => {
    const [q] = await embedder.embed(['ballot secrecy'], 'query');
    const [p] = await embedder.embed(['ballot secrecy'], 'passage');
    expect(Array.from(q!)).toEqual(Array.from(p!));
  });

  it('handles empty strings anywhere in a batch, and an empty input list', async () => {
    expect(await embedder.embed([])).toEqual([]);
    const vectors = await embedder.embed(['a', '', 'b', '']);
    expect(vectors).toHaveLength(4);
    for (const v of vectors) expect(norm(v)).toBeCloseTo(1, 5);
    const [onlyEmpty] = await embedder.embed(['']);
    expect(norm(onlyEmpty!)).toBeCloseTo(1, 5);
  });

  it('batches large inputs: 150 texts, same vectors as one by one', async () => {
    const texts = Array.from({ length: 150 }, (_, i) => `Paragraph ${i}: the count in district ${i % 13} was transparent.`);
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(150);
    for (const i of [0, 63, 64, 127, 128, 149]) {
      const [single] = await embedder.embed([texts[i]!]);
      expect(Array.from(vectors[i]!)).toEqual(Array.from(single!));
    }
  });

  it('refuses to embed after dispose', async () => {
    const other = await createEmbedder({ kind: 'use-lite' });
    await other.dispose();
    await other.dispose(); // idempotent
    await expect(other.embed(['x'])).rejects.toThrow(/disposed/);
  });
});
