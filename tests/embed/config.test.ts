import { describe, expect, it } from 'vitest';
import { EmbedderConfigSchema, embedderIdFor, parseEmbedderConfig } from '../../src/embed/index.js';

describe('EmbedderConfigSchema', () => {
  it('accepts use-lite', () => {
    expect(parseEmbedderConfig({ kind: 'use-lite' })).toEqual({ kind: 'use-lite' });
  });

  it('fills transformers defaults (offline, models/, quantized, mean pooling, no prefix)', () => {
    expect(parseEmbedderConfig({ kind: 'transformers', model: 'Xenova/bge-small-en-v1.5' })).toEqual({
      kind: 'transformers',
      model: 'Xenova/bge-small-en-v1.5',
      modelsDir: 'models',
      allowRemote: false,
      quantized: true,
      pooling: 'mean',
      queryPrefix: '',
      passagePrefix: '',
    });
  });

  it.each([['../etc'], ['a/../b'], ['/abs/path'], ['a/b/c'], [''], ['a b']])('rejects model id %j', (model) => {
    expect(EmbedderConfigSchema.safeParse({ kind: 'transformers', model }).success).toBe(false);
  });

  it('rejects unknown kinds, bad pooling and unknown keys', () => {
    expect(EmbedderConfigSchema.safeParse({ kind: 'openai' }).success).toBe(false);
    expect(EmbedderConfigSchema.safeParse({ kind: 'transformers', model: 'a/b', pooling: 'max' }).success).toBe(false);
    expect(EmbedderConfigSchema.safeParse({ kind: 'use-lite', model: 'x' }).success).toBe(false);
  });

  it('computes ids without loading a model', () => {
    expect(embedderIdFor({ kind: 'use-lite' })).toBe('use-lite@0.2.0');
    expect(embedderIdFor(parseEmbedderConfig({ kind: 'transformers', model: 'Xenova/bge-small-en-v1.5' }))).toBe(
      'transformers:Xenova/bge-small-en-v1.5',
    );
  });
});
