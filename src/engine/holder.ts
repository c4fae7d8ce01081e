/**
 * EngineHolder: the one mutable reference to the live Engine.
 *
 * Callers take `holder.current` once per question and keep that Engine for the
 * whole question, so a swap never mixes two indexes in one answer. A reindex
 * builds the new index (atomically, see index/build.ts; in a child process
 * when `isolate` is set), opens it beside the old Engine, and only then swaps
 * the reference. One reindex at a time: a second request while one runs is
 * refused with ReindexBusyError.
 */
import { unwatchFile, watchFile } from 'node:fs';
import { join } from 'node:path';
import type { Embedder } from '../embed/types.js';
import { assertFresh, readManifest } from '../index/store.js';
import { buildIndex, type BuildResult } from '../index/build.js';
import { buildInChild } from '../index/child.js';
import { Engine, validateIndexDir } from './engine.js';

export class ReindexBusyError extends Error {
  override name = 'ReindexBusyError';
  constructor() {
    super('A reindex is already running; try again when it has finished.');
  }
}

/**
 * The build finished and the new index is on disk, but this process could
 * not load it: it keeps serving the Engine it had. `cause` says why.
 */
export class ReindexLoadError extends Error {
  override name = 'ReindexLoadError';
  constructor(
    readonly build: BuildResult,
    cause: unknown,
  ) {
    super(`the new index was written, but loading it failed: ${cause instanceof Error ? (cause.message.split('\n')[0] ?? cause.name) : String(cause)}`, { cause });
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
  /**
   * Build in a child process (index/child.ts) instead of in this one: the
   * process keeps answering while the build runs, and the build's memory is
   * returned when the child exits. The bot sets it. The child takes its
   * embedder from the environment, as this process did.
   */
  isolate?: boolean;
  /** Time limit of an isolated build, in ms (index/child.ts's default when unset). */
  buildTimeoutMs?: number;
  /**
   * Test seam (in-process builds only): called after a reindex has written and validated the new index
   * in its temporary folder, before the swap (buildIndex's `beforeSwap`). A
   * throw here fails the reindex like a failed write would.
   */
  beforeSwap?: (tmpDir: string) => void | Promise<void>;
}

export class EngineHolder {
  private engine: Engine;
  /** Counts swaps, so a reload that finishes after a newer swap does not undo it. */
  private generation = 0;
  private running: Promise<ReindexResult> | null = null;
  private readonly listeners = new Set<(engine: Engine) => void>();
  private readonly unwatchers = new Set<() => void>();
  /** Aborted by close(): kills a child build in progress. */
  private readonly closing = new AbortController();

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
      const { embedder, onDroppedQuote, corpusDir, indexDir, cacheDir } = this.options;
      if (this.options.isolate) {
        const build = await buildInChild({ corpusDir, outDir: indexDir, cacheDir, signal: this.closing.signal, ...(this.options.buildTimeoutMs ? { timeoutMs: this.options.buildTimeoutMs } : {}) });
        let engine: Engine;
        try {
          engine = await this.open(); // beside the old Engine, checked against the corpus and embedder
        } catch (e) {
          throw new ReindexLoadError(build, e);
        }
        this.swap(engine);
        return { build, engine };
      }
      // The Engine that validated the new index is the one swapped in: it is
      // already in memory, so the index is not loaded a second time.
      let validated: Engine | null = null;
      const build = await buildIndex({
        corpusDir,
        outDir: indexDir,
        embedder,
        cacheDir,
        validate: async (dir) => {
          validated = await validateIndexDir(dir, embedder, onDroppedQuote ? { onDroppedQuote } : {});
        },
        ...(this.options.beforeSwap ? { beforeSwap: this.options.beforeSwap } : {}),
      });
      let engine: Engine;
      try {
        engine = validated ?? (await this.open());
        // The corpus may have changed while the build ran: the same check opening the index makes.
        assertFresh(engine.index.manifest, { corpusDir, embedder: embedder.fingerprint });
      } catch (e) {
        throw new ReindexLoadError(build, e);
      }
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
  async reload(): Promise<Engine> {
    const generation = this.generation;
    const engine = await this.open();
    // A reindex that swapped while this loaded wrote the newest index itself: keep its Engine.
    if (this.generation !== generation) return this.engine;
    this.swap(engine);
    return engine;
  }

  /**
   * Watches the index manifest (by polling its stat, which survives the
   * folder being swapped by a build) and reloads, debounced, when another
   * process has written a different index. A reload that fails leaves the
   * old Engine serving and reports the error. Returns a function that stops
   * watching.
   */
  watch(options: { intervalMs?: number; debounceMs?: number; onReload?: (engine: Engine) => void; onError?: (error: unknown) => void } = {}): () => void {
    const path = join(this.options.indexDir, 'manifest.json');
    let timer: NodeJS.Timeout | null = null;
    let loading = false;
    const check = async (): Promise<void> => {
      timer = null;
      if (this.running) return; // our own reindex swaps by itself
      if (loading) return listener(); // one reload at a time: look again once this one is done
      loading = true;
      try {
        const onDisk = readManifest(this.options.indexDir);
        if (JSON.stringify(onDisk) === JSON.stringify(this.engine.index.manifest)) return;
        const engine = await this.reload();
        options.onReload?.(engine);
      } catch (e) {
        options.onError?.(e);
      } finally {
        loading = false;
      }
    };
    const listener = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void check(), options.debounceMs ?? 500);
      timer.unref();
    };
    watchFile(path, { interval: options.intervalMs ?? 1000, persistent: false }, listener);
    const unwatch = (): void => {
      unwatchFile(path, listener);
      if (timer) clearTimeout(timer);
      this.unwatchers.delete(unwatch);
    };
    this.unwatchers.add(unwatch);
    return unwatch;
  }

  /**
   * Stops watching and kills a child build in progress (the process is
   * stopping; the build is atomic, so the index on disk stays as it was).
   * The live Engine keeps answering until the caller disposes its embedder.
   */
  close(): void {
    for (const unwatch of [...this.unwatchers]) unwatch();
    this.closing.abort();
  }

  /** Opens the index on disk beside the live Engine, yielding between load steps so questions keep being answered. */
  private open(): Promise<Engine> {
    return Engine.openAsync({
      indexDir: this.options.indexDir,
      corpusDir: this.options.corpusDir,
      embedder: this.options.embedder,
      ...(this.options.onDroppedQuote ? { onDroppedQuote: this.options.onDroppedQuote } : {}),
    });
  }

  private swap(engine: Engine): void {
    this.engine = engine;
    this.generation++;
    for (const l of this.listeners) l(engine);
    // The new index's row facts, in the background, as the first start fills them (engine/open.ts warmUp); a
    // question that comes first fills what it needs itself.
    void engine.retriever.precompute().catch(() => undefined);
  }
}
