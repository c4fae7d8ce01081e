/**
 * A corpus change that can be undone until committed, even after its process is killed (src/corpus/change.ts),
 * and add-report using it: a rebuild that fails, is interrupted or killed leaves the corpus as it was.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { beginChange, recoverCorpus } from '../../src/corpus/change.js';
import { ROOT } from '../helpers/corpus.js';

const tmp = mkdtempSync(join(tmpdir(), 'verbatim-change-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every file of `dir` (hidden ones too) with its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) if (statSync(join(dir, name)).isFile()) out[name] = readFileSync(join(dir, name)).toString('base64');
  return out;
}

/** A corpus with one report, `old.txt`, as a change that replaces it and adds `new.txt` would find it. */
function corpusWithChange(name: string): { dir: string; before: Record<string, string>; change: ReturnType<typeof beginChange> } {
  const dir = join(tmp, name);
  cpSync(`${ROOT}corpus`, dir, { recursive: true });
  writeFileSync(join(dir, 'old.txt'), 'the old report');
  const before = snapshot(dir);
  const change = beginChange(dir, [{ path: join(dir, 'new.txt'), bytes: 'the new report' }], [{ original: join(dir, 'old.txt'), aside: join(dir, '.old.txt.replaced-1') }]);
  renameSync(join(dir, 'old.txt'), join(dir, '.old.txt.replaced-1'));
  writeFileSync(join(dir, 'new.txt'), 'the new report');
  return { dir, before, change };
}

describe('a corpus change', () => {
  it('undone, leaves the corpus byte for byte as it was', () => {
    const { dir, before, change } = corpusWithChange('undo');
    change.undo();
    expect(snapshot(dir)).toEqual(before);
  });
  it('committed, keeps the new files and drops the set-aside ones and the journal', () => {
    const { dir, change } = corpusWithChange('commit');
    change.commit();
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(readFileSync(join(dir, 'new.txt'), 'utf8')).toBe('the new report');
    expect(existsSync(join(dir, 'old.txt'))).toBe(false);
  });
  it('left unfinished (its process killed), is undone by recoverCorpus, which says what it did', () => {
    const { dir, before } = corpusWithChange('killed');
    const lines = recoverCorpus(dir);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^undid an unfinished add-report .*removed .*new\.txt.*restored .*old\.txt/u);
    expect(snapshot(dir)).toEqual(before);
    expect(recoverCorpus(dir)).toEqual([]);
  });
  it('never removes a file that changed after the change wrote it', () => {
    const { dir } = corpusWithChange('edited');
    writeFileSync(join(dir, 'new.txt'), 'edited by hand since');
    expect(recoverCorpus(dir).join(' ')).toMatch(/left .*new\.txt alone/u);
    expect(readFileSync(join(dir, 'new.txt'), 'utf8')).toBe('edited by hand since');
  });
});

/** A project folder with a copy of the corpus (and, with `index`, of the index), and a second report beside it. */
function project(name: string, index = true): { root: string; corpus: string; other: string; before: Record<string, string> } {
  const root = join(tmp, name);
  const corpus = join(root, 'corpus');
  cpSync(`${ROOT}corpus`, corpus, { recursive: true });
  if (index) cpSync(`${ROOT}index`, join(root, 'index'), { recursive: true });
  const other = join(root, 'other.txt');
  writeFileSync(other, readFileSync(`${ROOT}corpus/kazakhstan-2012-parliamentary-preliminary-statement.txt`, 'utf8').replaceAll('Kazakhstan', 'Kyrgyzstan'));
  return { root, corpus, other, before: snapshot(corpus) };
}

/**
 * Starts a script of scripts/ in one process (node with tsx's loader, not the tsx wrapper, so that a signal
 * reaches the script itself); `onStderr` sees its stderr so far at each write.
 */
function startScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv, onStderr: (stderr: string, child: ChildProcess) => void = () => {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', `${ROOT}scripts/${script}.ts`, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
    onStderr(stderr, child);
  });
  const closed = new Promise<{ status: number | null; stderr: string }>((resolve) => child.on('close', (status) => resolve({ status, stderr })));
  return { stderr: () => stderr, closed };
}

describe('add-report interrupted while it rebuilds the index', () => {
  /** Runs add-report on a new report and sends `signal` once it has put the report in the corpus. */
  async function interrupted(name: string, signal: NodeJS.Signals): Promise<{ status: number | null; stderr: string; root: string; corpus: string; before: Record<string, string> }> {
    const p = project(name);
    let sent = false;
    // No cache: the rebuild embeds every sentence, long enough to be interrupted.
    const run = startScript('add-report', [p.other, '--title', 'Other', '--id', 'other-report'], { CORPUS_DIR: p.corpus, INDEX_DIR: join(p.root, 'index'), CACHE_DIR: join(p.root, 'no-cache') }, (stderr, child) => {
      if (!sent && /parsed 2 reports/u.test(stderr)) {
        sent = true;
        child.kill(signal);
      }
    });
    return { ...(await run.closed), ...p };
  }

  it('on Ctrl-C (SIGINT): exit 130, the corpus byte for byte as it was', async () => {
    const r = await interrupted('sigint', 'SIGINT');
    expect(r.status, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/interrupted: other-report was not added; the corpus is as it was/u);
    expect(snapshot(r.corpus)).toEqual(r.before);
  }, 120_000);

  it('killed (SIGKILL): the next build-index undoes the half-made change before building', async () => {
    const r = await interrupted('sigkill', 'SIGKILL');
    expect(r.status).toBeNull();
    expect(readdirSync(r.corpus).some((f) => /^\.add-report-\d+\.journal\.json$/u.test(f))).toBe(true);
    const build = await startScript('build-index', [], { CORPUS_DIR: r.corpus, INDEX_DIR: join(r.root, 'index'), CACHE_DIR: join(r.root, 'cache') }).closed;
    expect(build.status, build.stderr).toBe(0);
    expect(build.stderr).toMatch(/undid an unfinished add-report/u);
    expect(snapshot(r.corpus)).toEqual(r.before);
  }, 180_000);
});

describe('add-report that cannot rebuild', () => {
  it('is refused before the report is added when the model cannot be loaded: the corpus untouched', async () => {
    const p = project('no-model');
    const r = await startScript('add-report', [p.other, '--title', 'Other', '--id', 'other-report'], { CORPUS_DIR: p.corpus, INDEX_DIR: join(p.root, 'index'), MODELS_DIR: join(p.root, 'no-models') }).closed;
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^error: Embedding model .* not found/mu);
    expect(r.stderr).not.toMatch(/^added /mu);
    expect(snapshot(p.corpus)).toEqual(p.before);
  }, 60_000);
});

describe('two add-reports at once', () => {
  it('take turns: the second waits for the first to finish before it checks the id, so one id is never taken twice', async () => {
    const { acquireLock } = await import('../../src/files/lock.js');
    const p = project('turns', false);
    const held = await acquireLock(p.corpus, { timeoutMs: 0 }); // as a first add-report would hold it
    const run = startScript('add-report', [p.other, '--title', 'Other', '--id', 'other-report', '--no-build'], { CORPUS_DIR: p.corpus });
    await expect.poll(run.stderr, { timeout: 30_000 }).toMatch(/waiting for another change to/u);
    expect(existsSync(join(p.corpus, 'other.meta.json'))).toBe(false);
    held.release();
    const r = await run.closed;
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(p.corpus, 'other.meta.json'))).toBe(true);
  }, 60_000);
});
