/**
 * The whole pipeline on the second embedding backend: an index built with a
 * transformers.js model folder (a tiny model the test writes) answers, and
 * records its embedder, so an engine configured otherwise refuses it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmbedder } from '../../src/embed/index.js';
import { Engine } from '../../src/engine/engine.js';
import { buildIndex } from '../../src/index/build.js';
import { readManifest } from '../../src/index/store.js';
import { writeTinyModel } from '../embed/tiny-model.js';
import { ROOT } from '../helpers/corpus.js';
import { defaultEmbedder } from '../helpers/engine.js';
import { runScript } from '../helpers/run.js';

const tmp = mkdtempSync(join(tmpdir(), 'verbatim-tx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('an index built with the transformers backend', () => {
  it('answers, records its embedder, and is refused by an engine with another embedder', async () => {
    const modelsDir = join(tmp, 'models');
    await writeTinyModel(modelsDir, 'tiny/test-model');
    const embedder = await createEmbedder({ kind: 'transformers', model: 'tiny/test-model', modelsDir, allowRemote: false, quantized: false, pooling: 'mean', queryPrefix: '', passagePrefix: '' });
    const outDir = join(tmp, 'index');
    await buildIndex({ corpusDir: `${ROOT}corpus`, outDir, embedder, cacheDir: null });
    expect(readManifest(outDir).embedder.id).toBe('transformers:tiny/test-model');
    const engine = Engine.open({ indexDir: outDir, corpusDir: `${ROOT}corpus`, embedder });
    const { ranked } = await engine.ask('How many polling stations were observed?', { k: 5 });
    expect(ranked.length).toBeGreaterThan(0);
    const other = await defaultEmbedder();
    expect(() => Engine.open({ indexDir: outDir, corpusDir: null, embedder: other })).toThrow(/another embedder setup .*embedder transformers:tiny\/test-model → transformers:e5-small-v2.*npm run build-index/u);
    await embedder.dispose();
  });

  it('fails a build with one line and exit code 2 when the configured model folder is missing', () => {
    const r = runScript('build-index', [], { env: { EMBEDDER: 'transformers', EMBEDDER_MODEL: 'Xenova/bge-small-en-v1.5', MODELS_DIR: join(tmp, 'no-models'), INDEX_DIR: join(tmp, 'never') } });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Embedding model "Xenova\/bge-small-en-v1\.5" not found: folder .*no-models.* ALLOW_MODEL_DOWNLOADS=true/u);
  });
});
