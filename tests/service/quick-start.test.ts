/**
 * The README's quick start, `npm ci && npm start`: the first start on a fresh
 * clone compiles dist/ (scripts/ensure-build.mjs), later starts do not, and a
 * start after the source changed compiles again, so `npm start` never runs
 * stale code. The clone shares this checkout's node_modules (what `npm ci`
 * installs; the production-install test runs `npm ci` itself).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/corpus.js';

const QUESTION = 'How many polling stations were observed?';
let clone: string;

beforeAll(() => {
  clone = mkdtempSync(join(tmpdir(), 'verbatim-quick-start-'));
  const files = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  for (const file of files) {
    const from = join(ROOT, file);
    if (!existsSync(from) || statSync(from).isDirectory()) continue;
    mkdirSync(join(clone, file, '..'), { recursive: true });
    cpSync(from, join(clone, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
});

afterAll(() => {
  if (clone) rmSync(clone, { recursive: true, force: true });
});

function npmStart(): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npm', ['start', '--silent'], { cwd: clone, input: `${QUESTION}\n`, env: { ...process.env, DISCORD_TOKEN: '' }, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm start on a fresh clone', () => {
  it('compiles dist/ at the first start, not at the next, and again once the source changed; answers each time', () => {
    expect(existsSync(join(clone, 'dist'))).toBe(false);
    const first = npmStart();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain('compiling dist/ (first start after install)');
    expect(first.stdout).toMatch(/^> /mu);

    const second = npmStart();
    expect(second.status).toBe(0);
    expect(second.stderr).not.toContain('compiling');
    expect(second.stdout).toMatch(/^> /mu);

    appendFileSync(join(clone, 'src', 'bot', 'terminal.ts'), '\n// edited after the last build\n');
    const third = npmStart();
    expect(third.status).toBe(0);
    expect(third.stderr).toContain('compiling dist/ (the source changed since the last build)');
    expect(third.stdout).toMatch(/^> /mu);
  }, 240_000);
});
