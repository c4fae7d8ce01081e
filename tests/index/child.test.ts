/**
 * The parts of a child-process build that are not the build: what the child
 * is given (no bot token) and how its outcome is read back.
 */
import { describe, expect, it } from 'vitest';
import { BuildChildMessageSchema, childEnv, failureMessage } from '../../src/index/child.js';

describe('a build in a child process', () => {
  it('gets the parent environment with the cache folder set and without the bot token', () => {
    const env = childEnv({ DISCORD_TOKEN: 'secret', EMBEDDER: 'use-lite', CACHE_DIR: '/old' }, '/cache');
    expect(env).toEqual({ EMBEDDER: 'use-lite', CACHE_DIR: '/cache' });
    expect(childEnv({ DISCORD_TOKEN: 'secret', CACHE_DIR: '/old' }, null)).toEqual({ CACHE_DIR: '/old' });
  });

  it('reports a failure by name, first line and errno code, in a shape the parent accepts', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write\n    at stack'), { code: 'ENOSPC' });
    const message = failureMessage(enospc);
    expect(message).toEqual({ ok: false, error: { name: 'Error', message: 'ENOSPC: no space left on device, write', code: 'ENOSPC' } });
    expect(BuildChildMessageSchema.parse(JSON.parse(JSON.stringify(message)))).toEqual(message);
    expect(failureMessage('plain')).toEqual({ ok: false, error: { name: 'Error', message: 'plain' } });
    expect(BuildChildMessageSchema.safeParse({ ok: true, result: { manifest: {} } }).success).toBe(false);
  });
});
