/** Opens the Engine the configuration names: checks the index manifest first, then loads the embedder and the index. */
import type { ConfigOf } from '../config/config.js';
import { checkModelFiles, configFingerprint, createEmbedder } from '../embed/index.js';
import { Engine } from './engine.js';
import { readManifest, assertFresh } from '../index/store.js';

export interface OpenOptions {
  /** Check the index against corpus/ (default true). */
  checkCorpus?: boolean;
  /** Called for a quote that failed the verbatim check and was dropped; default: one line on stderr. */
  onDroppedQuote?: (event: { quote: string; chunkId: string }) => void;
}

const warnOnStderr = (event: { quote: string; chunkId: string }): void =>
  void process.stderr.write(`warning: dropped a quote from ${event.chunkId} that was not verbatim\n`);

export async function openEngine(config: ConfigOf<'data' | 'embedder'>, options: OpenOptions = {}): Promise<Engine> {
  const corpusDir = options.checkCorpus === false ? null : config.corpusDir;
  // A missing model is said as such, not as an index built with other model files (the hash of no files).
  await checkModelFiles(config.embedder);
  // Check the manifest before loading a model: a mismatch is reported at once.
  assertFresh(readManifest(config.indexDir), { corpusDir, embedder: configFingerprint(config.embedder) });
  const embedder = await createEmbedder(config.embedder);
  // The corpus was checked above; Engine.open need not hash it again.
  const engine = Engine.open({ indexDir: config.indexDir, corpusDir: null, embedder, onDroppedQuote: options.onDroppedQuote ?? warnOnStderr });
  await warmUp(engine);
  return engine;
}

/**
 * One throwaway query embedding: the model's first call is several times
 * slower than the rest (USE-lite: ~140 ms against ~15 ms), and that first
 * call should not land on a user's question or block the bot's event loop
 * in the middle of a burst. Then every sentence row's question-independent
 * facts (Retriever.precompute), in slices that yield to the event loop: the
 * first questions touching a row paid for them (a cold question's sentence
 * selection took up to ~20 ms instead of ~3).
 */
export async function warmUp(engine: Engine): Promise<void> {
  await engine.embedder.embed(['How were the elections observed?'], 'query');
  await engine.retriever.precompute();
}
