import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { INDEX_FILES } from '../../src/index/schema.js';
import { assertFresh, IndexError, loadIndex, loadIndexAsync, readManifest, staleness } from '../../src/index/store.js';
import { ROOT } from '../helpers/corpus.js';
import { defaultEmbedder } from '../helpers/engine.js';
import { runScript } from '../helpers/run.js';

const tmp = mkdtempSync(join(tmpdir(), 'verbatim-index-'));
const fresh = join(tmp, 'fresh');
const cacheDir = join(tmp, 'cache');

beforeAll(async () => {
  await buildIndex({ corpusDir: `${ROOT}corpus`, outDir: fresh, embedder: await defaultEmbedder(), cacheDir });
}, 120_000);

describe('the committed index', () => {
  // The encoder's arithmetic differs a little from one CPU to another (onnxruntime picks its kernels by the
  // instruction set): vectors built here may differ from the committed ones in their last bits (cosine ≥ 0.997
  // between an Intel and an AMD build). So the text files must be byte-identical, the vectors the same within
  // that noise, and the graph of the same shape; the manifest the same but for those two files' hashes.
  const VECTOR_FILES = new Set(['sentence-vectors.f16', 'vectors.hnsw', 'manifest.json']);

  it('is exactly what `npm run build-index` produces from corpus/ (rebuild and commit index/ if this fails)', () => {
    for (const name of INDEX_FILES.filter((n) => !VECTOR_FILES.has(n))) {
      const committed = readFileSync(join(ROOT, 'index', name));
      const built = readFileSync(join(fresh, name));
      expect(committed.equals(built), `index/${name} is stale: run npm run build-index and commit index/`).toBe(true);
    }
    const withoutVectorHashes = (dir: string): unknown => {
      const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: Record<string, string> };
      delete m.files['sentence-vectors.f16'];
      delete m.files['vectors.hnsw'];
      return m;
    };
    expect(withoutVectorHashes(fresh), 'index/manifest.json is stale: run npm run build-index and commit index/').toEqual(withoutVectorHashes(join(ROOT, 'index')));
    expect(readFileSync(join(fresh, 'vectors.hnsw')).length).toBe(readFileSync(join(ROOT, 'index', 'vectors.hnsw')).length);
  });

  it('holds the vectors the encoder gives on this machine, to within the arithmetic noise of another CPU', () => {
    const committed = loadIndex(`${ROOT}index`).sentenceVectors;
    const built = loadIndex(fresh).sentenceVectors;
    expect(built.size).toBe(committed.size);
    let worst = 1;
    for (let row = 0; row < committed.size; row++) {
      const a = committed.vector(row);
      const b = built.vector(row);
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let i = 0; i < a.length; i++) {
        dot += (a[i] ?? 0) * (b[i] ?? 0);
        na += (a[i] ?? 0) ** 2;
        nb += (b[i] ?? 0) ** 2;
      }
      worst = Math.min(worst, dot / Math.sqrt(na * nb));
    }
    expect(worst, 'index/sentence-vectors.f16 is stale: run npm run build-index and commit index/').toBeGreaterThan(0.99);
  });

  it('is fresh against corpus/, the parser, the chunker and the embedder', async () => {
    const manifest = readManifest(`${ROOT}index`);
    expect(staleness(manifest, { corpusDir: `${ROOT}corpus`, embedder: (await defaultEmbedder()).fingerprint })).toEqual([]);
  });
});

describe('index builds', () => {
  it('are deterministic: a second build (from the cache) gives byte-identical files', async () => {
    const again = join(tmp, 'again');
    const result = await buildIndex({ corpusDir: `${ROOT}corpus`, outDir: again, embedder: await defaultEmbedder(), cacheDir });
    expect(result.computed).toBe(0);
    expect(result.reused).toBe(result.manifest.counts.sentences);
    for (const name of INDEX_FILES) expect(readFileSync(join(again, name)).equals(readFileSync(join(fresh, name))), name).toBe(true);
  });

  it('record what built them in a manifest', () => {
    const m = readManifest(fresh);
    expect(m.embedder).toMatchObject({ id: 'transformers:e5-small-v2', dimensions: 384, pooling: 'mean', normalize: true, queryPrefix: 'query: ', passagePrefix: 'passage: ' });
    expect(m.embedder.weights).toMatch(/^[0-9a-f]{64}$/u);
    expect(m.corpus).toHaveLength(1);
    expect(m.counts).toMatchObject({ reports: 1, footnotes: 46, sections: 15 });
    expect(Object.keys(m.files).sort()).toEqual(INDEX_FILES.filter((f) => f !== 'manifest.json').sort());
  });

  it('hold one chunk per footnote and sentence windows that stay inside a paragraph', () => {
    const index = loadIndex(fresh);
    const footnotes = index.chunks.filter((c) => c.kind === 'footnote');
    expect(footnotes).toHaveLength(46);
    for (const c of index.chunks) {
      if (c.kind === 'body') expect(c.window.end - c.window.start).toBeLessThanOrEqual(3);
      expect(c.sourceText.includes(c.text)).toBe(true);
      expect(c.citation.page).toBeGreaterThan(0);
    }
  });
});

describe('staleness and damage', () => {
  it('notices a changed report, a new report and another embedder', () => {
    const corpus = join(tmp, 'corpus-edited');
    cpSync(`${ROOT}corpus`, corpus, { recursive: true });
    const txt = readdirSync(corpus).find((f) => f.endsWith('.txt')) ?? '';
    appendFileSync(join(corpus, txt), '\nOne more line.\n');
    const manifest = readManifest(fresh);
    const other = { ...manifest.embedder, id: 'transformers:bge-small-en-v1.5', pooling: 'cls' as const };
    const problems = staleness(manifest, { corpusDir: corpus, embedder: other });
    expect(problems.join('\n')).toMatch(/changed since the index was built/u);
    expect(problems.join('\n')).toMatch(/another embedder setup .*embedder transformers:e5-small-v2 → transformers:bge-small-en-v1\.5; pooling mean → cls/u);
    expect(() => assertFresh(manifest, { corpusDir: corpus, embedder: null })).toThrow(/npm run build-index/u);
  });

  it('refuses a corrupt index file with a clear error', () => {
    const broken = join(tmp, 'broken');
    cpSync(fresh, broken, { recursive: true });
    const f = join(broken, 'chunks.json');
    writeFileSync(f, readFileSync(f, 'utf8').replace('"body"', '"bodY"'));
    expect(() => loadIndex(broken)).toThrow(IndexError);
    expect(() => loadIndex(broken)).toThrow(/corrupt.*npm run build-index/u);
  });

  it('loads the same index stepwise, letting the event loop run between steps, and refuses the same damage', async () => {
    let turns = 0;
    let counting = true;
    const count = (): void => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const stepwise = await loadIndexAsync(fresh);
    counting = false;
    const whole = loadIndex(fresh);
    expect(turns).toBeGreaterThanOrEqual(8); // one per file read, per parse, and for the graph
    expect(stepwise.manifest).toEqual(whole.manifest);
    expect(stepwise.chunks.map((c) => c.id)).toEqual(whole.chunks.map((c) => c.id));
    expect(stepwise.hnsw.getCurrentCount()).toBe(whole.hnsw.getCurrentCount());
    expect([...stepwise.lexical.postings.keys()]).toEqual([...whole.lexical.postings.keys()]);
    expect(stepwise.sentenceVectors.vectors).toEqual(whole.sentenceVectors.vectors);
    await expect(loadIndexAsync(join(tmp, 'broken'))).rejects.toThrow(/corrupt.*npm run build-index/u);
  });

  it('refuses a missing index with a clear error', () => {
    expect(() => loadIndex(join(tmp, 'nowhere'))).toThrow(/no index at .*npm run build-index/u);
  });
});

describe('npm run ask on a bad index', () => {
  it('exits 2 with one line naming npm run build-index when the index is missing, corrupt or for another embedder', () => {
    const broken = join(tmp, 'broken-cli');
    cpSync(fresh, broken, { recursive: true });
    writeFileSync(join(broken, 'vectors.hnsw'), 'garbage');
    for (const env of [{ INDEX_DIR: join(tmp, 'nowhere') }, { INDEX_DIR: broken }, { INDEX_DIR: fresh, EMBEDDER: 'use-lite' }]) {
      const r = runScript('ask', ['what was the turnout?'], { env });
      expect(r.status, JSON.stringify(env)).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/npm run build-index/u);
    }
  });
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));
