/**
 * The vendored default encoder is the one its PROVENANCE.md describes: every
 * file of the folder is listed there, with the sha256 it was verified with,
 * and nothing else is in the folder.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../../src/config/config.js';
import { ROOT } from '../helpers/corpus.js';

const dir = join(ROOT, 'models', DEFAULT_MODEL);

function filesUnder(d: string): string[] {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [relative(dir, p)];
  });
}

describe(`models/${DEFAULT_MODEL}`, () => {
  const provenance = readFileSync(join(dir, 'PROVENANCE.md'), 'utf8');
  const section = provenance.split('## Files in this folder')[1]?.split('\n## ')[0] ?? '';
  const listed = new Map([...section.matchAll(/^\| `([^`]+)` \| [\d,]+ \| `([0-9a-f]{64})` \|/gmu)].map((m) => [m[1] ?? '', m[2] ?? '']));

  it('has a licence, and lists every file it holds but its PROVENANCE.md', () => {
    expect(listed.has('LICENSE')).toBe(true);
    expect(listed.has('onnx/model_quantized.onnx')).toBe(true);
    expect(filesUnder(dir).filter((f) => f !== 'PROVENANCE.md').sort()).toEqual([...listed.keys()].sort());
  });

  it('holds each file with the sha256 its PROVENANCE.md records', () => {
    for (const [file, sha256] of listed) expect(createHash('sha256').update(readFileSync(join(dir, file))).digest('hex'), file).toBe(sha256);
  });
});
