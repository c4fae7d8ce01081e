/**
 * Sentence embeddings from a transformers.js model folder, run with
 * @huggingface/transformers v3 on onnxruntime-node (CPU).
 *
 * Layout expected under `modelsDir` (what `git clone https://huggingface.co/<model>`
 * of a transformers.js-ready repo such as Xenova/* gives):
 *
 *   <modelsDir>/<model>/config.json
 *   <modelsDir>/<model>/tokenizer.json
 *   <modelsDir>/<model>/tokenizer_config.json
 *   <modelsDir>/<model>/onnx/model.onnx and/or onnx/model_quantized.onnx
 *
 * Note: transformers.js keeps its settings in a process-wide `env`; creating an
 * embedder sets env.allowLocalModels, env.allowRemoteModels, env.localModelPath
 * and env.cacheDir (to `modelsDir`, so a permitted download lands in the same
 * layout and later runs work offline).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FeatureExtractionPipeline, PretrainedModelOptions } from '@huggingface/transformers';
import { EmbedderLoadError, type Embedder, type EmbedderConfig } from './types.js';
import { transformersId } from './ids.js';
import { chunk, toUnitVector } from './vector.js';
import { chooseDtype, configFingerprint, MODEL_CONFIG_FILES, modelDirOf, ONNX_FILE } from './fingerprint.js';

export type TransformersEmbedderConfig = Extract<EmbedderConfig, { kind: 'transformers' }>;

export interface TransformersOptions {
  /** Texts per forward pass (padded to the longest text in the batch). Default 32. */
  batchSize?: number;
}

/**
 * `pipeline` narrowed to the one task used here: its generic signature makes
 * tsc fail with "union type that is too complex to represent" (TS2590).
 */
type FeatureExtractionFactory = (
  task: 'feature-extraction',
  model: string,
  options: PretrainedModelOptions,
) => Promise<FeatureExtractionPipeline>;

const REQUIRED_FILES = MODEL_CONFIG_FILES;

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function howToProvide(modelDir: string, model: string): string {
  return (
    `Copy a transformers.js model folder (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx) ` +
    `to ${modelDir} (e.g. from https://huggingface.co/${model}), ` +
    `or allow downloads once (allowRemote: true; ALLOW_MODEL_DOWNLOADS=true in the environment).`
  );
}

/**
 * Checks the local model folder before transformers.js sees it, so a missing
 * model is a one-line, actionable error rather than a fetch stack trace.
 * With allowRemote, missing files are left for transformers.js to download.
 */
export function checkModelFolder(config: TransformersEmbedderConfig, modelDir: string = modelDirOf({ ...config, modelsDir: path.resolve(config.modelsDir) })): void {
  if (config.allowRemote) return;
  if (!isDirectory(modelDir)) {
    throw new EmbedderLoadError(
      `Embedding model "${config.model}" not found: folder ${modelDir} does not exist. ${howToProvide(modelDir, config.model)}`,
    );
  }
  const missing: string[] = REQUIRED_FILES.filter((f) => !existsSync(path.join(modelDir, f)));
  if (!existsSync(path.join(modelDir, ONNX_FILE.fp32)) && !existsSync(path.join(modelDir, ONNX_FILE.q8))) {
    missing.push(`${ONNX_FILE.fp32} (or ${ONNX_FILE.q8})`);
  }
  if (missing.length > 0) {
    throw new EmbedderLoadError(
      `Embedding model "${config.model}" in ${modelDir} is incomplete: missing ${missing.join(', ')}. ${howToProvide(modelDir, config.model)}`,
    );
  }
}

function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s+/g, ' ').trim();
}

/**
 * onnxruntime's session settings. 3 = errors only: keeps its graph-optimisation
 * warnings off the console. One thread per session, which does not spin:
 * a question is a dozen tokens, too little work to share, and onnxruntime's
 * pool spinning on both cores of a 2-core machine after every run made the
 * search that follows wait for a core (`npm run bench`, 40 questions × 5:
 * query embedding p95 9.1 → 7.1 ms, search + selection p95 5.8 → 2.8 ms,
 * full ask p95 15.7 → 10.9 ms; one report's cold build 2.1 → 2.4 s). Builds
 * of many texts run in several processes (pool.ts), one core each.
 */
const SESSION_OPTIONS = {
  logSeverityLevel: 3,
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
} as const;

/**
 * Loads `<modelsDir>/<model>` and returns an Embedder. `dimensions` comes from
 * a probe embedding made at load time (rather than config.json's hidden_size,
 * which a model with a projection head would not match); the probe also makes a
 * broken model fail at load time.
 */
export async function createTransformersEmbedder(
  config: TransformersEmbedderConfig,
  options: TransformersOptions = {},
): Promise<Embedder> {
  const batchSize = options.batchSize ?? 32;
  chunk([], batchSize); // validates batchSize early
  const id = transformersId(config.model);
  const modelsDir = path.resolve(config.modelsDir);
  const modelDir = modelDirOf({ ...config, modelsDir });

  checkModelFolder(config, modelDir);
  const dtype = chooseDtype(modelDir, config.quantized);

  const { env, pipeline } = await import('@huggingface/transformers');
  env.allowLocalModels = true;
  env.allowRemoteModels = config.allowRemote;
  env.localModelPath = modelsDir + path.sep;
  env.cacheDir = modelsDir;

  let extractor: FeatureExtractionPipeline;
  try {
    const createPipeline = pipeline as unknown as FeatureExtractionFactory;
    extractor = await createPipeline('feature-extraction', config.model, {
      dtype,
      device: 'cpu',
      local_files_only: !config.allowRemote,
      session_options: SESSION_OPTIONS,
    });
  } catch (err) {
    const where = config.allowRemote ? `${modelDir} or the Hugging Face hub` : modelDir;
    throw new EmbedderLoadError(`Could not load embedding model "${config.model}" (${dtype}) from ${where}: ${oneLine(err)}`, {
      cause: err,
    });
  }

  const runBatch = async (texts: string[], dimensions: number | undefined): Promise<Float32Array[]> => {
    const output = await extractor(texts, { pooling: config.pooling, normalize: true });
    try {
      const [rows, width] = output.dims;
      if (output.dims.length !== 2 || rows !== texts.length || width === undefined) {
        throw new Error(`${id} returned a tensor of shape [${output.dims.join(', ')}] for ${texts.length} texts`);
      }
      const data = output.data;
      if (!(data instanceof Float32Array)) {
        throw new Error(`${id} returned ${output.type} data, expected float32`);
      }
      const dims = dimensions ?? width;
      const vectors: Float32Array[] = [];
      for (let r = 0; r < rows; r++) vectors.push(toUnitVector(data.subarray(r * width, (r + 1) * width), dims, id));
      return vectors;
    } finally {
      output.dispose();
    }
  };

  let dimensions: number;
  try {
    const [probe] = await runBatch(['dimension probe'], undefined);
    if (probe === undefined) throw new Error('no vector returned');
    dimensions = probe.length;
  } catch (err) {
    await extractor.dispose();
    throw new Error(`Embedding model "${config.model}" loaded from ${modelDir} but failed to embed: ${oneLine(err)}`, {
      cause: err,
    });
  }

  let disposed = false;
  // Hashed after the load: a permitted download has put the files in place by now.
  const fingerprint = { ...configFingerprint({ ...config, modelsDir }), dimensions };
  return {
    id,
    dimensions,
    fingerprint,
    async embed(texts: readonly string[], role: 'query' | 'passage' = 'passage'): Promise<Float32Array[]> {
      if (disposed) throw new Error(`${id} embedder has been disposed`);
      const prefix = role === 'query' ? config.queryPrefix : config.passagePrefix;
      const out: Float32Array[] = [];
      for (const batch of chunk(texts, batchSize)) {
        out.push(...(await runBatch(batch.map((t) => prefix + t), dimensions)));
      }
      return out;
    },
    async dispose(): Promise<void> {
      if (disposed) return;
      disposed = true;
      await extractor.dispose();
    },
  };
}
