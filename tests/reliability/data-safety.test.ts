/**
 * No command may destroy or corrupt data, and the build trusts no file.
 *
 * Each case runs the real CLIs (or the real build, loader and holder) on
 * temporary copies of corpus/ and index/, and checks that what is not the
 * build's own is left byte for byte as it was.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addReport } from '../../src/corpus/add.js';
import { Engine } from '../../src/engine/engine.js';
import { EngineHolder, ReindexLoadError } from '../../src/engine/holder.js';
import { reindexFailureMessage } from '../../src/bot/commands/reindex.js';
import { buildIndex } from '../../src/index/build.js';
import { buildInChild } from '../../src/index/child.js';
import { INDEX_FILES } from '../../src/index/schema.js';
import { loadIndex, loadIndexAsync, readManifest } from '../../src/index/store.js';
import { listBeside } from '../../src/index/target.js';
import { REPORT_FILE, ROOT } from '../helpers/corpus.js';
import { defaultEmbedder } from '../helpers/engine.js';
import { runScript } from '../helpers/run.js';

const tmp = mkdtempSync(join(tmpdir(), 'verbatim-safety-'));
const cacheDir = join(tmp, 'cache');
const original = readFileSync(REPORT_FILE, 'utf8');
const REPORT = 'kazakhstan-2012-parliamentary-preliminary-statement';
const META = readFileSync(REPORT_FILE.replace(/\.txt$/u, '.meta.json'), 'utf8');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh corpus folder holding the real report. */
function corpusCopy(name: string): string {
  const dir = join(tmp, name);
  cpSync(`${ROOT}corpus`, dir, { recursive: true });
  return dir;
}

/** Every file under `dir` (recursively) with its bytes, to compare before and after. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p, `${prefix}${name}/`);
      else out[`${prefix}${name}`] = readFileSync(p).toString('base64');
    }
  };
  walk(dir, '');
  return out;
}

const buildCli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runScript('build-index', args, { env: { CACHE_DIR: cacheDir, ...env }, timeout: 120_000 });

/** One line on stderr, starting "error:", and exit code 2. */
function expectOneLineRefusal(r: { status: number | null; stderr: string }, pattern: RegExp): void {
  expect(r.status, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n').filter((l) => !/^npm warn/u.test(l));
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /u);
  expect(lines[0]).toMatch(pattern);
}

beforeAll(async () => {
  // Fill the cache once, so the builds below are quick.
  await buildIndex({ corpusDir: `${ROOT}corpus`, outDir: join(tmp, 'warm-index'), embedder: await defaultEmbedder(), cacheDir });
}, 120_000);

describe('build-index --out refuses a target that is not an index', () => {
  it('a file (package.json): refused in one line, the file untouched', () => {
    const dir = join(tmp, 'proj');
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), '{"name":"mine"}\n');
    const r = buildCli(['--out', join(dir, 'package.json')]);
    expectOneLineRefusal(r, /package\.json: it is a file, not an index folder/u);
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe('{"name":"mine"}\n');
  });

  it('the corpus itself (--corpus X --out X): refused, the corpus and its NOTES.md untouched', () => {
    const corpus = corpusCopy('corpus-as-out');
    writeFileSync(join(corpus, 'NOTES.md'), 'my notes\n');
    const before = snapshot(corpus);
    const r = buildCli(['--corpus', corpus, '--out', corpus]);
    expectOneLineRefusal(r, /it is the corpus folder/u);
    expect(snapshot(corpus)).toEqual(before);
  });

  it('a folder inside the corpus, and a folder holding the corpus', () => {
    const corpus = corpusCopy('corpus-nested');
    expectOneLineRefusal(buildCli(['--corpus', corpus, '--out', join(corpus, 'index')]), /lies inside the corpus folder/u);
    expect(existsSync(join(corpus, 'index'))).toBe(false);
    const holder = join(tmp, 'holder');
    mkdirSync(holder);
    cpSync(`${ROOT}corpus`, join(holder, 'corpus'), { recursive: true });
    const before = snapshot(holder);
    expectOneLineRefusal(buildCli(['--corpus', join(holder, 'corpus'), '--out', holder]), /it holds the corpus folder/u);
    expect(snapshot(holder)).toEqual(before);
  });

  it('the project root and the working directory', () => {
    expectOneLineRefusal(buildCli(['--out', ROOT]), /it is the project folder/u);
    expectOneLineRefusal(buildCli(['--out', '.']), /it is the project folder|it is the working directory/u);
    expect(existsSync(join(ROOT, 'package.json'))).toBe(true);
    expect(existsSync(join(ROOT, 'src'))).toBe(true);
  });

  it('a folder of other files, and an index folder with a stranger in it', () => {
    const mine = join(tmp, 'my-folder');
    mkdirSync(mine);
    writeFileSync(join(mine, 'thesis.docx'), 'years of work');
    expectOneLineRefusal(buildCli(['--out', mine]), /not an index \(no manifest\.json\) and is not empty/u);
    expect(readFileSync(join(mine, 'thesis.docx'), 'utf8')).toBe('years of work');
    const index = join(tmp, 'index-plus');
    cpSync(`${ROOT}index`, index, { recursive: true });
    writeFileSync(join(index, 'NOTES.md'), 'do not lose me');
    expectOneLineRefusal(buildCli(['--out', index]), /holds files that are not index files \(NOTES\.md\)/u);
    expect(readFileSync(join(index, 'NOTES.md'), 'utf8')).toBe('do not lose me');
    // Someone else's manifest.json alone does not make a folder an index.
    const theirs = join(tmp, 'their-manifest');
    mkdirSync(theirs);
    writeFileSync(join(theirs, 'manifest.json'), '{"name":"someone else\'s manifest"}');
    expectOneLineRefusal(buildCli(['--out', theirs]), /its manifest\.json is not an index manifest/u);
    expect(readFileSync(join(theirs, 'manifest.json'), 'utf8')).toBe('{"name":"someone else\'s manifest"}');
  });

  it('an empty folder and an existing index are fine', () => {
    const empty = join(tmp, 'empty-out');
    mkdirSync(empty);
    expect(buildCli(['--out', empty]).status).toBe(0);
    expect(readManifest(empty).counts.reports).toBe(1);
    expect(buildCli(['--out', empty]).status).toBe(0);
  });

  it('a mistaken INDEX_DIR reaches /reindex and add-report as the same refusal', async () => {
    const corpus = corpusCopy('corpus-for-reindex');
    const before = snapshot(corpus);
    const embedder = await defaultEmbedder();
    const engine = Engine.open({ indexDir: `${ROOT}index`, corpusDir: null, embedder });
    const holder = new EngineHolder(engine, { indexDir: corpus, corpusDir: corpus, cacheDir, embedder });
    const err = await holder.reindex().then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.name).toBe('IndexTargetError');
    expect(reindexFailureMessage(err as Error)).toMatch(/^Reindex failed: refusing to write the index to .*: it is the corpus folder\. The previous index is still live\.$/u);
    expect(holder.current).toBe(engine);
    expect(snapshot(corpus)).toEqual(before);

    const file = join(tmp, 'other-report.txt');
    writeFileSync(file, original.replaceAll('Kazakhstan', 'Kyrgyzstan'));
    const r = runScript('add-report', [file, '--title', 'Other'], { env: { CORPUS_DIR: corpus, INDEX_DIR: corpus, CACHE_DIR: cacheDir } });
    expectOneLineRefusal(r, /it is the corpus folder/u);
    expect(snapshot(corpus)).toEqual(before); // refused before the report was added
  }, 60_000);

  it('--out where no folder can be made (/proc/x): one line naming the path', () => {
    expectOneLineRefusal(buildCli(['--out', '/proc/verbatim-x/index']), /cannot create the folder \/proc\/verbatim-x.*\((ENOENT|EACCES|EROFS)\)/u);
  });
});

describe('add-report --replace', () => {
  it('with another file name replaces the old pair in one step, and the corpus stays buildable', async () => {
    const corpus = corpusCopy('corpus-replace');
    const renamed = join(tmp, 'kazakhstan-2012-renamed.txt');
    writeFileSync(renamed, original.replace('A turnout of 75 per cent', 'A turnout of 76 per cent'));
    const id = JSON.parse(META).id as string;
    const r = runScript('add-report', [renamed, '--title', 'Kazakhstan 2012 (corrected)', '--id', id, '--replace', '--no-build'], { env: { CORPUS_DIR: corpus } });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(corpus).sort()).toEqual(['kazakhstan-2012-renamed.meta.json', 'kazakhstan-2012-renamed.txt']);
    const outDir = join(tmp, 'replace-index');
    const built = await buildIndex({ corpusDir: corpus, outDir, embedder: await defaultEmbedder(), cacheDir });
    expect(built.manifest.corpus.map((c) => [c.id, c.file])).toEqual([[id, 'kazakhstan-2012-renamed.txt']]);
  }, 60_000);

  it('refuses a replace that would hit two reports at once, changing nothing', async () => {
    const corpus = corpusCopy('corpus-replace-two');
    const other = join(tmp, 'second.txt');
    writeFileSync(other, original.replaceAll('Kazakhstan', 'Kyrgyzstan'));
    await addReport({ file: other, corpusDir: corpus, title: 'Second', id: 'second-report' });
    const before = snapshot(corpus);
    // The file name is the second report's, the id the first's.
    await expect(addReport({ file: other, corpusDir: corpus, title: 'Clash', id: JSON.parse(META).id as string, replace: true })).rejects.toThrow(/two reports at once/u);
    expect(snapshot(corpus)).toEqual(before);
  });
});

describe('a read-only index folder', () => {
  // Root ignores permissions, so the build runs as an unprivileged user when the tests run as root.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : null;

  it('is swapped, the leftover it cannot remove is a warning, and later builds are not blocked by it', () => {
    const base = mkdtempSync(join(tmpdir(), 'verbatim-ro-'));
    chmodSync(base, 0o777);
    const corpus = join(base, 'corpus');
    cpSync(`${ROOT}corpus`, corpus, { recursive: true });
    chmodSync(corpus, 0o755);
    const outDir = join(base, 'index');
    const run = (): { status: number | null; stderr: string } => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', `${ROOT}scripts/build-index.ts`, '--corpus', corpus, '--out', outDir], {
        cwd: ROOT,
        env: { ...process.env, HOME: base, CACHE_DIR: join(base, 'cache'), NO_COLOR: '1' },
        encoding: 'utf8',
        timeout: 120_000,
        ...(asUser ?? {}),
      });
      return { status: r.status, stderr: r.stderr };
    };
    try {
      expect(run().status).toBe(0);
      chmodSync(outDir, 0o555);
      const second = run();
      expect(second.status, second.stderr).toBe(0);
      expect(second.stderr).toMatch(/warning: could not remove the previous index at .*\.index\.old-\d+-\d+ \(cannot remove .*permission denied \(EACCES\)\)/u);
      expect(readManifest(outDir).counts.reports).toBe(1);
      const third = run();
      expect(third.status, third.stderr).toBe(0);
      expect(third.stderr).toMatch(/warning: could not remove a leftover of an interrupted build/u);
      expect(() => loadIndex(outDir)).not.toThrow();
    } finally {
      spawnSync('chmod', ['-R', 'u+w', base]);
      rmSync(base, { recursive: true, force: true });
    }
  }, 240_000);
});

describe('builds take a lock', () => {
  const start = (outDir: string, args: string[] = []) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `${ROOT}scripts/build-index.ts`, '--out', outDir, ...args], {
      cwd: ROOT,
      env: { ...process.env, CACHE_DIR: cacheDir, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = new Promise<{ status: number | null; stderr: string }>((resolve) => child.on('close', (status) => resolve({ status, stderr })));
    return { child, done, stderr: () => stderr };
  };

  it('two builds at the same instant both succeed, one after the other', async () => {
    const outDir = join(tmp, 'twin-index');
    const [a, b] = await Promise.all([start(outDir).done, start(outDir).done]);
    expect([a.status, b.status], `${a.stderr}\n${b.stderr}`).toEqual([0, 0]);
    expect(`${a.stderr}${b.stderr}`).toMatch(/another build \(pid \d+\) is writing .*twin-index; waiting for it to finish/u);
    expect(`${a.stderr}${b.stderr}`).not.toMatch(/ENOTEMPTY|EEXIST/u);
    expect(() => loadIndex(outDir)).not.toThrow();
    expect(readdirSync(tmp).filter((n) => n.startsWith('.twin-index.'))).toEqual([]);
  }, 120_000);

  it('a malformed --workers or --lock-timeout is one clear line, and nothing is written', () => {
    const outDir = join(tmp, 'never-built');
    expectOneLineRefusal(buildCli(['--out', outDir, '--workers', ' 2']), /--workers must be a whole number from 1 to 64, not " 2"/u);
    expectOneLineRefusal(buildCli(['--out', outDir, '--lock-timeout', '1e3']), /--lock-timeout must be a number of seconds/u);
    expect(existsSync(outDir)).toBe(false);
  }, 120_000);

  it('a second build that may not wait exits with one clear line; the first is unharmed (index name with a dash)', async () => {
    const outDir = join(tmp, 'my-index');
    const first = start(outDir, ['--no-cache']);
    await expect.poll(() => existsSync(join(tmp, '.my-index.lock')), { timeout: 30_000, interval: 50 }).toBe(true);
    const second = buildCli(['--out', outDir, '--lock-timeout', '0']);
    expectOneLineRefusal(second, /another build \(pid \d+, since .*\) is rebuilding .*my-index; try again when it has finished/u);
    const r = await first.done;
    expect(r.status, r.stderr).toBe(0);
    expect(() => loadIndex(outDir)).not.toThrow();
  }, 120_000);

  it('a stale lock (its process gone) is taken over', () => {
    const outDir = join(tmp, 'stale-index');
    writeFileSync(join(tmp, '.stale-index.lock'), JSON.stringify({ pid: 2 ** 22 + 7, host: spawnSync('hostname').stdout.toString().trim(), started: new Date().toISOString() }));
    const r = buildCli(['--out', outDir, '--lock-timeout', '0']);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(tmp, '.stale-index.lock'))).toBe(false);
  }, 60_000);

  it('a lock nobody has touched for five minutes is abandoned, whoever it names: another host (a replaced container), or a reused pid', () => {
    const outDir = join(tmp, 'abandoned-index');
    const lock = join(tmp, '.abandoned-index.lock');
    const old = new Date(Date.now() - 10 * 60_000);
    // Another host's lock, touched just now: live, so a build that may not wait is refused.
    writeFileSync(lock, JSON.stringify({ pid: 999_999, host: 'old-container-3f2a', started: old.toISOString() }));
    expectOneLineRefusal(buildCli(['--out', outDir, '--lock-timeout', '0']), /another build \(pid 999999 on old-container-3f2a/u);
    // The same lock untouched for ten minutes: abandoned, taken over.
    utimesSync(lock, old, old);
    expect(buildCli(['--out', outDir, '--lock-timeout', '0']).status).toBe(0);
    // A lock naming a live pid of this host (this test runner: a pid reused since) that nobody touches: taken over too.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: spawnSync('hostname').stdout.toString().trim(), started: old.toISOString() }));
    utimesSync(lock, old, old);
    const r = buildCli(['--out', outDir, '--lock-timeout', '0']);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
  }, 120_000);

  it('leftover names are parsed against the index name: a dash in it, or a live owner, keeps another build\'s folder', () => {
    const outDir = join(tmp, 'dash-index');
    expect(buildCli(['--out', outDir]).status).toBe(0);
    // A temporary folder of a live process (this test runner) and a dead one's.
    const live = join(tmp, `.dash-index.tmp-${process.pid}-1`);
    const dead = join(tmp, `.dash-index.tmp-${2 ** 22 + 9}-1`);
    mkdirSync(live);
    mkdirSync(dead);
    // In either order: the folders are listed by name, and the runner's pid may sort before or after the dead one's.
    expect(listBeside(outDir).map((e) => [e.kind, e.pid]).sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      ['tmp', process.pid],
      ['tmp', 2 ** 22 + 9],
    ].sort((a, b) => Number(a[1]) - Number(b[1])));
    expect(buildCli(['--out', outDir]).status).toBe(0);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(dead)).toBe(false);
    rmSync(live, { recursive: true });
  }, 60_000);
});

describe('a load that overlaps a swap', () => {
  it('reads one consistent index, never a false "corrupt (checksum mismatch)"', async () => {
    const embedder = await defaultEmbedder();
    const a = join(tmp, 'swap-a');
    const b = join(tmp, 'swap-b');
    const corpusB = corpusCopy('corpus-swap-b');
    writeFileSync(join(corpusB, `${REPORT}.txt`), original.replace('A turnout of 75 per cent', 'A turnout of 74 per cent'));
    await buildIndex({ corpusDir: `${ROOT}corpus`, outDir: a, embedder, cacheDir });
    await buildIndex({ corpusDir: corpusB, outDir: b, embedder, cacheDir });
    const live = join(tmp, 'swap-live');
    for (let round = 0; round < 6; round++) {
      rmSync(live, { recursive: true, force: true });
      cpSync(a, live, { recursive: true });
      const loading = loadIndexAsync(live);
      // Swap the folder as a build does, after `round` steps of the load.
      let steps = round;
      const swapLater = (): void => {
        if (steps-- > 0) return void setImmediate(swapLater);
        renameSync(live, `${live}.aside`);
        cpSync(b, live, { recursive: true });
        rmSync(`${live}.aside`, { recursive: true });
      };
      setImmediate(swapLater);
      const index = await loading;
      const text = index.reports[0]?.document.paragraphs.map((p) => p.text).join(' ') ?? '';
      expect(index.manifest.corpus[0]?.sha256).toBe(readManifest(text.includes('74 per cent') ? b : a).corpus[0]?.sha256);
      expect(index.chunks.length).toBe(index.manifest.counts.chunks);
    }
  }, 120_000);
});

describe('the build reads corpus files through the one checked reader', () => {
  const placeInCorpus = (name: string, content: Buffer | string, corpus: string): void => {
    writeFileSync(join(corpus, `${name}.txt`), content);
    writeFileSync(join(corpus, `${name}.meta.json`), META.replace(/"id": "[^"]+"/u, `"id": "${name}"`));
  };
  const refusedFor = (name: string, setup: (corpus: string) => void, pattern: RegExp): void => {
    const corpus = corpusCopy(`corpus-${name}`);
    setup(corpus);
    const outDir = join(tmp, `index-${name}`);
    cpSync(`${ROOT}index`, outDir, { recursive: true });
    const before = snapshot(outDir);
    const r = buildCli(['--corpus', corpus, '--out', outDir]);
    expectOneLineRefusal(r, pattern);
    expect(snapshot(outDir)).toEqual(before);
  };

  it('refuses a symlink in corpus/ that points outside it', () => {
    const outside = join(tmp, 'outside.txt');
    writeFileSync(outside, original);
    refusedFor('symlink', (c) => {
      symlinkSync(outside, join(c, 'linked.txt'));
      writeFileSync(join(c, 'linked.meta.json'), META.replace(/"id": "[^"]+"/u, '"id": "linked"'));
    }, /linked\.txt: a symbolic link to .*outside\.txt, outside /u);
  });

  it('refuses a Latin-1 file', () => {
    const latin1 = Buffer.from(original.replace('João', 'Jo\u00e3o').replace(/[’‘]/gu, "'").replace(/[“”]/gu, '"').replace(/[–—]/gu, '-'), 'latin1');
    refusedFor('latin1', (c) => placeInCorpus('latin1', latin1, c), /latin1\.txt: the file is not UTF-8 text/u);
  });

  it('refuses a NUL byte after the first 200 KB', () => {
    const padded = `${original}\n${'More text. '.repeat(25_000)}\u0000\n`;
    expect(Buffer.byteLength(padded)).toBeGreaterThan(200 * 1024);
    refusedFor('nul', (c) => placeInCorpus('nul', padded, c), /nul\.txt: the file looks binary \(a NUL byte at offset \d+\)/u);
  });

  it('refuses a 40 MB file before reading it', () => {
    refusedFor('huge', (c) => placeInCorpus('huge', Buffer.alloc(40 * 1024 * 1024, 'a'), c), /huge\.txt: report is 40\.0 MB, over the 8\.0 MB limit/u);
  });

  it('refuses a report of headings only', () => {
    const headings = 'STATEMENT OF PRELIMINARY FINDINGS\nPRELIMINARY CONCLUSIONS\nPRELIMINARY FINDINGS\nBackground\nElection Day\n';
    refusedFor('headings', (c) => placeInCorpus('headings', headings, c), /headings\.txt: no paragraphs found, only headings|headings\.txt: no section headings found/u);
  });

  it('follows a symlink that stays inside corpus/', async () => {
    const corpus = corpusCopy('corpus-inner-link');
    mkdirSync(join(corpus, 'store'));
    renameSync(join(corpus, `${REPORT}.txt`), join(corpus, 'store', 'report.txt'));
    symlinkSync(join(corpus, 'store', 'report.txt'), join(corpus, `${REPORT}.txt`));
    const r = buildCli(['--corpus', corpus, '--out', join(tmp, 'inner-link-index')]);
    expect(r.status, r.stderr).toBe(0);
  });

  it('the /reindex child build has a time limit, and a stopped build leaves the index as it was', async () => {
    const outDir = join(tmp, 'slow-index');
    cpSync(`${ROOT}index`, outDir, { recursive: true });
    const before = snapshot(outDir);
    await expect(buildInChild({ corpusDir: `${ROOT}corpus`, outDir, cacheDir: null, timeoutMs: 1500 })).rejects.toThrow(/the build took longer than 2 s and was stopped/u);
    expect(snapshot(outDir)).toEqual(before);
    // The killed child's lock and temporary folder do not block the next build.
    const r = buildCli(['--out', outDir, '--lock-timeout', '0']);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(tmp).filter((n) => n.startsWith('.slow-index.'))).toEqual([]);
  }, 120_000);
});

describe('a broken corpus file', () => {
  it('ask and start name it, instead of saying the report left the corpus', () => {
    const corpus = corpusCopy('corpus-broken');
    writeFileSync(join(corpus, `${REPORT}.txt`), Buffer.from(original.replace(/[^\x00-\xff]/gu, '?').replace('the', 'th\u00e9'), 'latin1'));
    const ask = runScript('ask', ['What was the turnout?'], { env: { CORPUS_DIR: corpus } });
    expectOneLineRefusal(ask, new RegExp(`${REPORT}\\.txt: the file is not UTF-8 text`, 'u'));
    expect(ask.stderr).not.toMatch(/no longer in corpus/u);
    const start = runScript('start', [], { env: { CORPUS_DIR: corpus, DISCORD_TOKEN: '' }, input: 'What was the turnout?\n' });
    expect(start.status).toBe(2);
    expect(start.stderr).toMatch(new RegExp(`error: .*${REPORT}\\.txt: the file is not UTF-8 text`, 'u'));
    expect(start.stderr).not.toMatch(/no longer in corpus/u);
  });
});

describe('the embedding cache and the manifest cover the whole embedder setup', () => {
  it('a build with another pooling reuses no vector, and its index is refused by the other setup', async () => {
    const { writeTinyModel } = await import('../embed/tiny-model.js');
    const { createEmbedder } = await import('../../src/embed/index.js');
    const modelsDir = join(tmp, 'models');
    await writeTinyModel(modelsDir, 'tiny/pool');
    const config = (pooling: 'mean' | 'cls') => ({ kind: 'transformers' as const, model: 'tiny/pool', modelsDir, allowRemote: false, quantized: false, pooling, queryPrefix: '', passagePrefix: '' });
    const mean = await createEmbedder(config('mean'));
    const cls = await createEmbedder(config('cls'));
    const poolCache = join(tmp, 'pool-cache');
    const first = await buildIndex({ corpusDir: `${ROOT}corpus`, outDir: join(tmp, 'pool-mean'), embedder: mean, cacheDir: poolCache });
    expect(first.reused).toBe(0);
    const second = await buildIndex({ corpusDir: `${ROOT}corpus`, outDir: join(tmp, 'pool-cls'), embedder: cls, cacheDir: poolCache });
    expect(second.reused).toBe(0);
    expect(second.computed).toBe(first.computed);
    expect(readManifest(join(tmp, 'pool-cls')).embedder.pooling).toBe('cls');
    expect(() => Engine.open({ indexDir: join(tmp, 'pool-mean'), corpusDir: null, embedder: cls })).toThrow(/pooling mean → cls/u);
    const again = await buildIndex({ corpusDir: `${ROOT}corpus`, outDir: join(tmp, 'pool-mean'), embedder: mean, cacheDir: poolCache });
    expect(again.computed).toBe(0);
    await mean.dispose();
    await cls.dispose();
  }, 120_000);
});

describe('an unwritable cache folder', () => {
  it('degrades to no cache with a warning; the build succeeds', () => {
    writeFileSync(join(tmp, 'not-a-folder'), 'x');
    const r = buildCli(['--out', join(tmp, 'nocache-index')], { CACHE_DIR: join(tmp, 'not-a-folder', 'cache') });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: the embedding cache could not be saved \(cannot .*not-a-folder.*\); the next build will embed everything again/u);
    expect(readManifest(join(tmp, 'nocache-index')).counts.reports).toBe(1);
  }, 60_000);

  it('/reindex succeeds and says so, instead of blaming the index folder', async () => {
    const embedder = await defaultEmbedder();
    const corpus = corpusCopy('corpus-nocache');
    const outDir = join(tmp, 'reindex-nocache');
    await buildIndex({ corpusDir: corpus, outDir, embedder, cacheDir });
    const engine = Engine.open({ indexDir: outDir, corpusDir: corpus, embedder });
    const holder = new EngineHolder(engine, { indexDir: outDir, corpusDir: corpus, cacheDir: join(tmp, 'not-a-folder', 'cache'), embedder });
    const { build } = await holder.reindex();
    expect(build.notices.join('\n')).toMatch(/the embedding cache could not be saved/u);
    expect(holder.current).not.toBe(engine);
  }, 60_000);
});

describe('file-system trouble is one clear line and exit 2', () => {
  const brokenIndex = (name: string, damage: (dir: string) => void): string => {
    const dir = join(tmp, name);
    cpSync(`${ROOT}index`, dir, { recursive: true });
    damage(dir);
    return dir;
  };

  it('a folder in place of an index file', () => {
    const dir = brokenIndex('index-dir-in-place', (d) => {
      rmSync(join(d, 'chunks.json'));
      mkdirSync(join(d, 'chunks.json'));
    });
    expectOneLineRefusal(runScript('ask', ['turnout?'], { env: { INDEX_DIR: dir } }), /index-dir-in-place\/chunks\.json is a directory, not an index file: run `npm run build-index`/u);
  });

  it('a FIFO in place of an index file, without hanging', () => {
    const dir = brokenIndex('index-fifo', (d) => {
      rmSync(join(d, 'lexical.bin'));
      expect(spawnSync('mkfifo', [join(d, 'lexical.bin')]).status).toBe(0);
    });
    const r = runScript('ask', ['turnout?'], { env: { INDEX_DIR: dir }, timeout: 60_000 });
    expectOneLineRefusal(r, /lexical\.bin is not a regular file/u);
  });

  it('an unwritable TMPDIR does not stop a build (npm run build-index, as an unprivileged user when the tests run as root)', () => {
    const base = mkdtempSync(join(tmpdir(), 'verbatim-tmpdir-'));
    chmodSync(base, 0o777);
    try {
      const r = spawnSync('npm', ['run', '--silent', 'build-index', '--', '--out', join(base, 'index')], {
        cwd: ROOT,
        env: { ...process.env, TMPDIR: join(base, 'no-such-tmp', 'x'), HOME: base, CACHE_DIR: join(base, 'cache'), npm_config_cache: join(base, 'npm-cache'), NO_COLOR: '1' },
        encoding: 'utf8',
        timeout: 120_000,
        ...(process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}),
      });
      expect(r.status, r.stderr).toBe(0);
      expect(readManifest(join(base, 'index')).counts.reports).toBe(1);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 150_000);

  it('every index file is checked: a manifest that is a FIFO is refused too', () => {
    const dir = brokenIndex('index-fifo-manifest', (d) => {
      rmSync(join(d, 'manifest.json'));
      expect(spawnSync('mkfifo', [join(d, 'manifest.json')]).status).toBe(0);
    });
    expectOneLineRefusal(runScript('ask', ['turnout?'], { env: { INDEX_DIR: dir }, timeout: 60_000 }), /manifest\.json is not a regular file/u);
    expect(INDEX_FILES).toContain('manifest.json');
  });
});

describe('ReindexLoadError says the new index was written', () => {
  it('tells the admin what is on disk and what is served', () => {
    const err = new ReindexLoadError({ manifest: readManifest(`${ROOT}index`), reused: 0, computed: 0, corruptCacheEntries: 0, seconds: 1, warnings: [], notices: [] }, new Error('boom'));
    expect(reindexFailureMessage(err)).toBe(
      "Reindex built and wrote the new index, but the bot could not load it: Error (see the bot's log). The bot keeps answering from the index it had loaded before; fix the problem and run /reindex again.",
    );
  });
});

describe('bench --reports N --dir', () => {
  it('refuses a folder it did not make, in one line, and leaves it as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verbatim-bench-dir-'));
    try {
      mkdirSync(join(dir, 'corpus'));
      writeFileSync(join(dir, 'corpus', 'mine.txt'), 'not the benchmark’s');
      const r = runScript('bench', ['--reports', '2', '--dir', dir]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/not empty and was not made by the benchmark/u);
      expect(readdirSync(dir)).toEqual(['corpus']);
      expect(readFileSync(join(dir, 'corpus', 'mine.txt'), 'utf8')).toBe('not the benchmark’s');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
