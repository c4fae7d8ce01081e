import { createEmbedder } from '../../src/embed/index.js';
import type { Embedder } from '../../src/embed/types.js';
import { Engine } from '../../src/engine/engine.js';
import { ROOT } from './corpus.js';

let embedder: Promise<Embedder> | null = null;

/** The offline default embedder, loaded once per test file. */
export function useLite(): Promise<Embedder> {
  embedder ??= createEmbedder({ kind: 'use-lite' });
  return embedder;
}

/** The Engine over the committed index. */
export async function committedEngine(): Promise<Engine> {
  return Engine.open({ indexDir: `${ROOT}index`, corpusDir: `${ROOT}corpus`, embedder: await useLite() });
}
