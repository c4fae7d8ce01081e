/** Opens the Engine the configuration names: loads the embedder, then the index, checking both. */
import type { AppConfig } from '../config/config.js';
import { createEmbedder } from '../embed/index.js';
import { Engine } from './engine.js';
import { readManifest, assertFresh } from '../index/store.js';

export async function openEngine(config: AppConfig, options: { checkCorpus?: boolean } = {}): Promise<Engine> {
  // Check the manifest before loading a model: a mismatch is reported at once.
  const manifest = readManifest(config.indexDir);
  assertFresh(manifest, { corpusDir: options.checkCorpus === false ? null : config.corpusDir, embedderId: config.embedderId });
  const embedder = await createEmbedder(config.embedder);
  return Engine.open({ indexDir: config.indexDir, corpusDir: options.checkCorpus === false ? null : config.corpusDir, embedder });
}
