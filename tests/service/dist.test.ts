/**
 * The compiled dist/ is complete: what the compiled code starts by path
 * (the PDF reader's child, the embedding processes) and the JSON it imports
 * (the ranker's weights) are there, and a change to any of them makes dist/
 * stale. (vitest's globalSetup compiled dist/ for this run.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/corpus.js';

const check = (): number | null => spawnSync(process.execPath, [join(ROOT, 'scripts', 'ensure-build.mjs'), '--check'], { cwd: ROOT }).status;

describe('dist/', () => {
  it('holds the PDF reader child, the embedding worker and the ranker weights', () => {
    for (const f of ['src/document/pdf/child.mjs', 'src/embed/worker.js', 'src/retrieve/ranker.json', 'src/answer/answerability.json']) expect(existsSync(join(ROOT, 'dist', f)), f).toBe(true);
  });

  it('reads a PDF from the compiled code', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'parse.js'), join(ROOT, 'tests', 'fixtures', 'layouts', 'relayout.pdf'), '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { footnotes: unknown[] }).footnotes).toHaveLength(46);
  });

  it('is stale once the ranker weights change, and fresh again when they are back', () => {
    const file = join(ROOT, 'src', 'retrieve', 'ranker.json');
    const before = readFileSync(file);
    expect(check()).toBe(0);
    try {
      writeFileSync(file, `${before.toString('utf8').trimEnd()}\n\n`);
      expect(check()).toBe(1);
    } finally {
      writeFileSync(file, before);
    }
    expect(check()).toBe(0);
  });
});
