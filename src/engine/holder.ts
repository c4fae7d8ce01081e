/**
 * EngineHolder: the one mutable reference to the live Engine.
 *
 * Callers take `holder.current` once per question and keep that Engine for the
 * whole question, so a swap never mixes two indexes in one answer. A reindex
 * builds the new index (atomically, see index/build.ts), opens it beside the
 * old Engine, and only then swaps the reference. One reindex at a time: a
 * second request while one runs is refused with ReindexBusyError.
 */
import type { Embedder } from '../embed/types.js';
import { buildIndex, type BuildResult } from '../index/build.js';
import { Engine, validateIndexDir } from './engine.js';

export class ReindexBusyError extends Error {
  override name = 'ReindexBusyError';
  constructor() {
    super('A reindex is already running; try again when it has finished.');
  }
}

export interface ReindexResult {
  build: BuildResult;
  engine: Engine;
}

export interface HolderOptions {
  indexDir: string;
  corpusDir: string;
  cacheDir: string | null;
  embedder: Embedder;
  onDroppedQuote?: (event: { quote: string; chunkId: string }) => void;
}

export class EngineHolder {
  private engine: Engine;
  private running: Promise<ReindexResult> | null = null;
  private readonly listeners = new Set<(engine: Engine) => void>();

  constructor(
    initial: Engine,
    private readonly options: HolderOptions,
  ) {
    this.engine = initial;
  }

  /** The live Engine. Take it once per question. */
  get current(): Engine {
    return this.engine;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Called after every swap. */
  onSwap(listener: (engine: Engine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Rebuilds the index from the corpus and swaps it in. Throws ReindexBusyError when one is running. */
  reindex(): Promise<ReindexResult> {
    if (this.running) return Promise.reject(new ReindexBusyError());
    const run = (async (): Promise<ReindexResult> => {
      const build = await buildIndex({
        corpusDir: this.options.corpusDir,
        outDir: this.options.indexDir,
        embedder: this.options.embedder,
        cacheDir: this.options.cacheDir,
        validate: (dir) => validateIndexDir(dir, this.options.embedder),
      });
      const engine = this.open();
      this.swap(engine);
      return { build, engine };
    })();
    this.running = run;
    return run.finally(() => {
      this.running = null;
    });
  }

  /**
   * Loads the index on disk again (after another process rebuilt it) and
   * swaps it in. The old Engine keeps serving if the new index fails to load.
   */
  reload(): Engine {
    const engine = this.open();
    this.swap(engine);
    return engine;
  }

  private open(): Engine {
    return Engine.open({
      indexDir: this.options.indexDir,
      corpusDir: this.options.corpusDir,
      embedder: this.options.embedder,
      ...(this.options.onDroppedQuote ? { onDroppedQuote: this.options.onDroppedQuote } : {}),
    });
  }

  private swap(engine: Engine): void {
    this.engine = engine;
    for (const l of this.listeners) l(engine);
  }
}
