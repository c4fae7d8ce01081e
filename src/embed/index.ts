/**
 * Embeddings layer: turns texts into unit vectors for the index and queries.
 *
 *   const config = EmbedderConfigSchema.parse(raw);   // fills defaults
 *   if (manifest.embedder !== embedderIdFor(config)) rebuildIndex();
 *   const embedder = await createEmbedder(config);
 *   const [q] = await embedder.embed([question], 'query');
 *
 * Backends are imported lazily, so using one never loads the other's runtime.
 */
import { z } from 'zod';
import type { Embedder, EmbedderConfig } from './types.js';
import { transformersId, useLiteId } from './ids.js';

export type { Embedder, EmbedderConfig } from './types.js';
export { EmbedderLoadError } from './types.js';
export { configFingerprint, fingerprintKey, fingerprintDifferences, EmbedderFingerprintSchema, type EmbedderFingerprint, type ConfigFingerprint } from './fingerprint.js';

/** "Xenova/bge-small-en-v1.5"-style ids: one or two path segments, no "..". */
const MODEL_ID = /^[A-Za-z0-9_][\w.-]*(\/[A-Za-z0-9_][\w.-]*)?$/;

/**
 * Validates an embedder config and fills defaults for the transformers backend:
 * modelsDir "models", allowRemote false, quantized true, pooling "mean", queryPrefix and passagePrefix "".
 */
export const EmbedderConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('use-lite') }).strict(),
  z
    .object({
      kind: z.literal('transformers'),
      model: z
        .string()
        .regex(MODEL_ID, 'model must look like "owner/name" (letters, digits, ".", "_", "-")')
        .refine((m) => !m.split('/').some((part) => part === '..' || part === '.'), 'model must not contain "." or ".." segments'),
      modelsDir: z.string().min(1).default('models'),
      allowRemote: z.boolean().default(false),
      quantized: z.boolean().default(true),
      pooling: z.enum(['mean', 'cls']).default('mean'),
      queryPrefix: z.string().default(''),
      passagePrefix: z.string().default(''),
    })
    .strict(),
]);

/** What a user may write (defaults optional); `EmbedderConfigSchema.parse` turns it into an EmbedderConfig. */
export type EmbedderConfigInput = z.input<typeof EmbedderConfigSchema>;

// Compile-time check that the schema's output is exactly the interface's config.
type Equals<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesConfig: Equals<z.output<typeof EmbedderConfigSchema>, EmbedderConfig> = true;
void schemaMatchesConfig;

/** Parses and validates unknown input (e.g. from a config file) into an EmbedderConfig. */
export function parseEmbedderConfig(input: unknown): EmbedderConfig {
  return EmbedderConfigSchema.parse(input);
}

/**
 * The id `createEmbedder(config)` would produce, without loading anything:
 * "use-lite@0.2.0" or "transformers:<model>".
 */
export function embedderIdFor(config: EmbedderConfig): string {
  switch (config.kind) {
    case 'use-lite':
      return useLiteId();
    case 'transformers':
      return transformersId(config.model);
  }
}

/** Loads the configured model and returns a ready Embedder. Call `dispose()` when done. */
/** Throws EmbedderLoadError, one line saying what is missing, when the configured model's files are not there (before any fingerprint of them is compared). */
export async function checkModelFiles(config: EmbedderConfig): Promise<void> {
  if (config.kind !== 'transformers') return;
  const { checkModelFolder } = await import('./transformers.js');
  checkModelFolder(config);
}

export async function createEmbedder(config: EmbedderConfig): Promise<Embedder> {
  switch (config.kind) {
    case 'use-lite': {
      const { createUseLiteEmbedder } = await import('./use-lite.js');
      return createUseLiteEmbedder();
    }
    case 'transformers': {
      const { createTransformersEmbedder } = await import('./transformers.js');
      return createTransformersEmbedder(config);
    }
  }
}
