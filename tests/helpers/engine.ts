import { loadConfig } from '../../src/config/config.js';
import { createEmbedder } from '../../src/embed/index.js';
import type { Embedder } from '../../src/embed/types.js';
import { Engine } from '../../src/engine/engine.js';
import { ROOT } from './corpus.js';

let embedder: Promise<Embedder> | null = null;

/** The default embedder as `npm start` configures it (the vendored model under models/), loaded once per test file. */
export function defaultEmbedder(): Promise<Embedder> {
  embedder ??= createEmbedder(loadConfig({ MODELS_DIR: `${ROOT}models` }, { dotenv: false }).embedder);
  return embedder;
}

/** The Engine over the committed index. */
export async function committedEngine(): Promise<Engine> {
  return Engine.open({ indexDir: `${ROOT}index`, corpusDir: `${ROOT}corpus`, embedder: await defaultEmbedder() });
}
