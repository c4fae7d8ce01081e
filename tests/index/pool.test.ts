/**
 * Embedding in worker threads (src/embed/pool.ts) gives the same bits as one
 * thread: a build through the pool writes the very index a build without it
 * writes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createEmbedderPool } from '../../src/embed/pool.js';
import { buildIndex } from '../../src/index/build.js';
import { INDEX_FILES } from '../../src/index/schema.js';
import { ROOT } from '../helpers/corpus.js';
import { defaultEmbedder } from '../helpers/engine.js';

const tmp = mkdtempSync(join(tmpdir(), 'verbatim-pool-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('an embedding pool', () => {
  it('builds the same index, byte for byte, as one thread', async () => {
    const config = loadConfig({ MODELS_DIR: `${ROOT}models` }, { dotenv: false }).embedder;
    const embedder = await defaultEmbedder();
    let made = 0;
    const pooled = await buildIndex({
      corpusDir: `${ROOT}corpus`,
      outDir: join(tmp, 'pooled'),
      embedder,
      cacheDir: null,
      pool: () => {
        made++;
        return createEmbedderPool(config, 2);
      },
      poolMinTexts: 1,
    });
    expect(made).toBe(1);
    expect(pooled.computed).toBe(pooled.manifest.counts.sentenceVectors);
    expect(pooled.notices).toEqual([]);
    // Against a one-thread build on this machine (the committed index may come from another CPU, whose arithmetic
    // differs in the last bits: tests/index/index.test.ts).
    await buildIndex({ corpusDir: `${ROOT}corpus`, outDir: join(tmp, 'single'), embedder, cacheDir: null });
    for (const name of INDEX_FILES) expect(readFileSync(join(tmp, 'pooled', name)).equals(readFileSync(join(tmp, 'single', name))), name).toBe(true);
  }, 180_000);
});
