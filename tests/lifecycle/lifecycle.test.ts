/**
 * The index lifecycle: edits and rebuilds, several reports, interrupted and
 * failed builds, asking during a reindex, hot reload, and a damaged cache.
 * Everything runs on temporary copies of corpus/ and index/.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addReport } from '../../src/corpus/add.js';
import type { Answer } from '../../src/answer/answer.js';
import { Engine } from '../../src/engine/engine.js';
import { renderAnswer } from '../../src/render/discord.js';
import { renderAnswerText } from '../../src/render/terminal.js';
import { EngineHolder, ReindexBusyError } from '../../src/engine/holder.js';
import { reindexFailureReason } from '../../src/bot/commands/reindex.js';
import { BuildError, buildIndex } from '../../src/index/build.js';
import { buildInChild } from '../../src/index/child.js';
import { INDEX_FILES } from '../../src/index/schema.js';
import { loadIndex } from '../../src/index/store.js';
import { REPORT_FILE, ROOT } from '../helpers/corpus.js';
import { defaultEmbedder } from '../helpers/engine.js';

const tmp = mkdtempSync(join(tmpdir(), 'verbatim-life-'));
const cacheDir = join(tmp, 'cache');
const original = readFileSync(REPORT_FILE, 'utf8');
const META = readFileSync(REPORT_FILE.replace(/\.txt$/u, '.meta.json'), 'utf8');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh corpus folder holding the real report, possibly edited. */
function corpusWith(name: string, text = original): string {
  const dir = join(tmp, name);
  cpSync(`${ROOT}corpus`, dir, { recursive: true });
  const file = readdirSync(dir).find((f) => f.endsWith('.txt')) ?? '';
  writeFileSync(join(dir, file), text);
  return dir;
}

function replaceOnce(text: string, from: string, to: string): string {
  expect(text.includes(from), from).toBe(true);
  return text.replace(from, to);
}

const bytes = (dir: string): Record<string, string> => Object.fromEntries(INDEX_FILES.map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));

/**
 * Asks a question every 20 ms until `reindex` settles, each on the engine
 * current when it was asked; returns `check` of each answer.
 */
async function askUntilSettled(holder: EngineHolder, reindex: Promise<unknown>, check: (engine: Engine, answer: Answer) => boolean): Promise<boolean[]> {
  let settled = false;
  void reindex.then(
    () => (settled = true),
    () => (settled = true),
  );
  const results: boolean[] = [];
  while (!settled) {
    const engine = holder.current; // one engine per question
    const { answer } = await engine.ask('What was the turnout according to the CEC?');
    results.push(check(engine, answer));
    await new Promise((r) => setTimeout(r, 20));
  }
  return results;
}

beforeAll(async () => {
  // Fill the embedding cache once; later builds reuse it.
  await buildIndex({ corpusDir: corpusWith('warm'), outDir: join(tmp, 'warm-index'), embedder: await defaultEmbedder(), cacheDir });
}, 120_000);

describe('editing a report and rebuilding', () => {
  it('finds and quotes a new sentence, never quotes a removed one, and moves citations with the edit', async () => {
    const embedder = await defaultEmbedder();
    const corpus = corpusWith('edit');
    const outDir = join(tmp, 'edit-index');
    await buildIndex({ corpusDir: corpus, outDir, embedder, cacheDir });
    let engine = Engine.open({ indexDir: outDir, corpusDir: corpus, embedder });
    const removed = 'The Prosecutor General’s office predominantly issued warnings.';
    expect((await engine.search('What did the Prosecutor General’s office predominantly issue?', { limit: 10 })).some((q) => q.text.includes(removed))).toBe(true);
    const before = (await engine.ask('How many cases of ballot box stuffing did observers note during voting?')).answer.quotes.find((q) => q.text.includes('(22 cases)'));
    expect(before?.paragraph).toBe(3);
    expect(before?.footnotes.map((f) => f.n)).toEqual([45]);

    let edited = replaceOnce(original, 'Election day was calm throughout the country.', 'Election day was calm throughout the country. Observers counted 777 purple balloons outside the CEC building.');
    edited = replaceOnce(edited, 'The Prosecutor\nGeneral’s office predominantly issued warnings. ', '');
    edited = replaceOnce(edited, '\nElection Day\n', '\nElection Day\nThis paragraph was added to test that citations follow an edit.\n');
    const file = readdirSync(corpus).find((f) => f.endsWith('.txt')) ?? '';
    writeFileSync(join(corpus, file), edited);
    const result = await buildIndex({ corpusDir: corpus, outDir, embedder, cacheDir });
    expect(result.computed).toBeGreaterThan(0);
    expect(result.computed).toBeLessThanOrEqual(4); // only the changed sentences are embedded again
    engine = Engine.open({ indexDir: outDir, corpusDir: corpus, embedder });

    const balloons = await engine.ask('How many purple balloons did observers count?');
    expect(balloons.answer.answered).toBe(true);
    expect(balloons.answer.quotes[0]?.text).toContain('777 purple balloons');
    expect(balloons.answer.quotes[0]?.section).toBe('PRELIMINARY FINDINGS › Election Day');
    expect(balloons.answer.quotes[0]?.paragraph).toBe(2);

    for (const q of ['What did the Prosecutor General’s office predominantly issue?', 'warnings issued by the Prosecutor General']) {
      const { ranked } = await engine.ask(q, { k: 10 });
      expect(ranked.some((x) => x.text.includes(removed))).toBe(false);
    }
    const after = (await engine.ask('How many cases of ballot box stuffing did observers note during voting?')).answer.quotes.find((q) => q.text.includes('(22 cases)'));
    expect(after?.paragraph).toBe(4);
    expect(after?.footnotes.map((f) => f.n)).toEqual([45]);
  });
});

describe('several reports', () => {
  it('cites the right report and filters by report', async () => {
    const embedder = await defaultEmbedder();
    const corpus = corpusWith('two');
    const other = join(tmp, 'kyrgyz.txt');
    writeFileSync(other, original.replaceAll('Kazakhstan', 'Kyrgyzstan').replace('A turnout of 75 per cent was reported by the CEC', 'A turnout of 61 per cent was reported by the CEC'));
    const added = await addReport({ file: other, corpusDir: corpus, title: 'Kyrgyzstan test statement', id: 'kg-test' });
    expect(added.meta).toMatchObject({ country: 'Kyrgyzstan', electionDate: '2012-01-15', statementDate: '2012-01-16' });
    const outDir = join(tmp, 'two-index');
    const result = await buildIndex({ corpusDir: corpus, outDir, embedder, cacheDir });
    expect(result.manifest.counts.reports).toBe(2);
    const engine = Engine.open({ indexDir: outDir, corpusDir: corpus, embedder });
    const question = 'What turnout did the CEC report?';
    const kz = await engine.ask(question, { report: 'kz-2012-parliamentary-psopfc' });
    const kg = await engine.ask(question, { report: 'kg-test' });
    expect(kz.answer.quotes[0]?.text).toContain('75 per cent');
    expect(kz.answer.quotes.every((q) => q.document === 'kz-2012-parliamentary-psopfc')).toBe(true);
    expect(kg.answer.quotes[0]?.text).toContain('61 per cent');
    expect(kg.answer.quotes.every((q) => q.document === 'kg-test' && q.documentTitle === 'Kyrgyzstan test statement')).toBe(true);
    const both = await engine.ask(question, { k: 10 });
    for (const q of both.ranked) {
      const report = engine.report(q.document);
      const source = q.footnote !== null ? report?.document.footnotes.find((f) => f.n === q.footnote)?.text : report?.document.paragraphs.find((p) => p.id === q.paragraphId)?.text;
      expect(source).toContain(q.text);
    }
    // An abstention over both reports says neither answers; over one, that it does not.
    const unanswered = 'Who won the 2014 football world cup?';
    const none = (await engine.ask(unanswered)).answer;
    expect(none).toMatchObject({ answered: false, searchedReports: 2 });
    expect(renderAnswerText(none, { color: false })).toMatch(/^None of the 2 reports answers this question\./u);
    expect(renderAnswer(none).embed.description).toMatch(/^None of the 2 reports answers this question\./u);
    const one = (await engine.ask(unanswered, { report: 'kg-test' })).answer;
    expect(one.searchedReports).toBeUndefined();
    expect(renderAnswerText(one, { color: false })).toMatch(/^The report does not answer this question\./u);
    await expect(addReport({ file: other, corpusDir: corpus, title: 'Kyrgyzstan test statement', id: 'kg-test' })).rejects.toThrow(/already in the corpus/u);
  });
});

describe('failed and interrupted builds', () => {
  it('stops on a report that does not parse, naming it, and keeps the previous index', async () => {
    const embedder = await defaultEmbedder();
    const corpus = corpusWith('bad');
    const outDir = join(tmp, 'bad-index');
    await buildIndex({ corpusDir: corpus, outDir, embedder, cacheDir });
    const before = bytes(outDir);
    writeFileSync(join(corpus, 'broken.txt'), Buffer.from([0x00, 0x01, 0x02, 0x03]));
    writeFileSync(join(corpus, 'broken.meta.json'), META.replace('kz-2012-parliamentary-psopfc', 'broken-report'));
    await expect(buildIndex({ corpusDir: corpus, outDir, embedder, cacheDir })).rejects.toThrow(BuildError);
    await expect(buildIndex({ corpusDir: corpus, outDir, embedder, cacheDir })).rejects.toThrow(/broken\.txt/u);
    expect(bytes(outDir)).toEqual(before);
    expect(() => loadIndex(outDir)).not.toThrow();
  });

  it('keeps the previous index when the build fails before its swap, and leaves no temporary folder', async () => {
    const embedder = await defaultEmbedder();
    const corpus = corpusWith('swap');
    const outDir = join(tmp, 'swap-index');
    await buildIndex({ corpusDir: corpus, outDir, embedder, cacheDir });
    const before = bytes(outDir);
    writeFileSync(join(corpus, readdirSync(corpus).find((f) => f.endsWith('.txt')) ?? ''), `${original}\nOne more paragraph at the end.\n`);
    await expect(
      buildIndex({ corpusDir: corpus, outDir, embedder, cacheDir, beforeSwap: () => { throw new Error('disk full'); } }),
    ).rejects.toThrow('disk full');
    expect(bytes(outDir)).toEqual(before);
    expect(readdirSync(tmp).filter((f) => f.startsWith('.swap-index.'))).toEqual([]);
  });

  it('keeps the previous index intact and loadable when the build process is killed midway', async () => {
    const embedder = await defaultEmbedder();
    const corpus = corpusWith('kill');
    const outDir = join(tmp, 'kill-index');
    await buildIndex({ corpusDir: corpus, outDir, embedder, cacheDir });
    const before = bytes(outDir);
    writeFileSync(join(corpus, readdirSync(corpus).find((f) => f.endsWith('.txt')) ?? ''), original.replaceAll('polling stations', 'polling places'));
    const child = spawn(`${ROOT}node_modules/.bin/tsx`, [`${ROOT}scripts/build-index.ts`, '--no-cache'], {
      cwd: ROOT,
      env: { ...process.env, CORPUS_DIR: corpus, INDEX_DIR: outDir, CACHE_DIR: join(tmp, 'kill-cache') },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true, // its own process group, so the kill reaches tsx's node child too
    });
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (/sentences/u.test(err)) resolve(); // parsed and chunked: now embedding
      });
      child.on('exit', () => reject(new Error(`build exited before it could be killed: ${err}`)));
    });
    process.kill(-(child.pid ?? 0), 'SIGKILL');
    await new Promise((r) => child.on('close', r));
    expect(bytes(outDir)).toEqual(before);
    expect(loadIndex(outDir).manifest.counts.reports).toBe(1);
    // The next build clears the leftover temporary folder of the killed one.
    await buildIndex({ corpusDir: corpus, outDir, embedder, cacheDir });
    expect(readdirSync(tmp).filter((f) => f.startsWith('.kill-index.'))).toEqual([]);
  }, 120_000);
});

describe('the embedding cache', () => {
  it('recomputes a corrupt entry instead of trusting it', async () => {
    const embedder = await defaultEmbedder();
    const corpus = corpusWith('cache');
    const myCache = join(tmp, 'cache-copy');
    cpSync(cacheDir, myCache, { recursive: true });
    await buildIndex({ corpusDir: corpus, outDir: join(tmp, 'cache-index-a'), embedder, cacheDir: myCache });
    const first = await buildIndex({ corpusDir: corpus, outDir: join(tmp, 'cache-index-a'), embedder, cacheDir: myCache });
    expect(first.computed).toBe(0);
    const file = join(myCache, readdirSync(myCache)[0] ?? '');
    const buf = readFileSync(file);
    buf[40] = (buf[40] ?? 0) ^ 0xff; // a byte inside the first record's vector
    writeFileSync(file, buf);
    const second = await buildIndex({ corpusDir: corpus, outDir: join(tmp, 'cache-index-b'), embedder, cacheDir: myCache });
    expect(second.corruptCacheEntries).toBe(1);
    expect(second.computed).toBe(1);
    expect(bytes(join(tmp, 'cache-index-b'))).toEqual(bytes(join(tmp, 'cache-index-a')));
  });
});

describe('a running engine holder', () => {
  it('answers every question asked during a reindex, then swaps; a second reindex is refused', async () => {
    const embedder = await defaultEmbedder();
    const corpus = corpusWith('live');
    const indexDir = join(tmp, 'live-index');
    await buildIndex({ corpusDir: corpus, outDir: indexDir, embedder, cacheDir });
    const holder = new EngineHolder(Engine.open({ indexDir, corpusDir: corpus, embedder }), { indexDir, corpusDir: corpus, cacheDir: null, embedder });
    const first = holder.current;
    writeFileSync(join(corpus, readdirSync(corpus).find((f) => f.endsWith('.txt')) ?? ''), original.replace('Election day was calm throughout the country.', 'Election day was calm and sunny throughout the country.'));
    const reindex = holder.reindex();
    await expect(holder.reindex()).rejects.toThrow(ReindexBusyError);
    const answers = await askUntilSettled(holder, reindex, (engine, answer) => answer.answered && answer.quotes.every((q) => engine.index.chunks.some((c) => c.id === q.chunkId)));
    await reindex;
    expect(answers.length).toBeGreaterThan(3);
    expect(answers.every(Boolean)).toBe(true);
    expect(holder.current).not.toBe(first);
    expect((await holder.current.search('calm and sunny', { limit: 3 }))[0]?.text).toContain('calm and sunny');
  }, 120_000);

  it('serves the engine that validated the new index (no second load), and refuses the swap when the corpus changed mid-build', async () => {
    const embedder = await defaultEmbedder();
    const corpus = corpusWith('midbuild');
    const indexDir = join(tmp, 'midbuild-index');
    await buildIndex({ corpusDir: corpus, outDir: indexDir, embedder, cacheDir });
    const txt = join(corpus, readdirSync(corpus).find((f) => f.endsWith('.txt')) ?? '');
    let tmpDirOfBuild = '';
    let editDuringBuild = false;
    const holder = new EngineHolder(Engine.open({ indexDir, corpusDir: corpus, embedder }), {
      indexDir,
      corpusDir: corpus,
      cacheDir,
      embedder,
      beforeSwap: (dir) => {
        tmpDirOfBuild = dir;
        if (editDuringBuild) writeFileSync(txt, original.replace('Election day was calm throughout the country.', 'Election day was calm and misty throughout the country.'));
      },
    });
    writeFileSync(txt, original.replace('Election day was calm throughout the country.', 'Election day was calm and cold throughout the country.'));
    const { engine } = await holder.reindex();
    expect(holder.current).toBe(engine);
    expect(engine.index.dir).toBe(tmpDirOfBuild); // the validating engine, loaded once from the build's folder
    expect((await engine.search('calm and cold', { limit: 3 }))[0]?.text).toContain('calm and cold');

    editDuringBuild = true;
    await expect(holder.reindex()).rejects.toThrow(/stale: .* changed since the index was built/u);
    expect(holder.current).toBe(engine);
  }, 120_000);

  it('isolated (the bot): builds in a child process while this one keeps answering, swaps, and reports a failed build by the child\'s error', async () => {
    const embedder = await defaultEmbedder();
    const corpus = corpusWith('isolated');
    const indexDir = join(tmp, 'isolated-index');
    await buildIndex({ corpusDir: corpus, outDir: indexDir, embedder, cacheDir });
    const holder = new EngineHolder(Engine.open({ indexDir, corpusDir: corpus, embedder }), { indexDir, corpusDir: corpus, cacheDir, embedder, isolate: true });
    const first = holder.current;
    const txt = join(corpus, readdirSync(corpus).find((f) => f.endsWith('.txt')) ?? '');
    writeFileSync(txt, original.replace('Election day was calm throughout the country.', 'Election day was calm and bright throughout the country.'));
    const reindex = holder.reindex();
    const answered = await askUntilSettled(holder, reindex, (engine, answer) => answer.answered && engine === first);
    const { build, engine } = await reindex;
    // The child needs a second or more (a Node start, the model, the build); questions kept being answered by the old engine meanwhile.
    expect(answered.length).toBeGreaterThan(10);
    expect(answered.every(Boolean)).toBe(true);
    expect(build.manifest.counts.reports).toBe(1);
    expect(build.reused).toBeGreaterThan(0);
    expect(holder.current).toBe(engine);
    expect(engine).not.toBe(first);
    expect((await engine.search('calm and bright', { limit: 3 }))[0]?.text).toContain('calm and bright');

    writeFileSync(txt, '\u0000\u0001 not a report');
    const failed = await holder.reindex().then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(failed?.name).toBe('BuildError');
    expect(failed?.message).toContain(txt);
    expect(holder.current).toBe(engine);
    expect(loadIndex(indexDir).manifest).toEqual(engine.index.manifest);
  }, 120_000);

  it('isolated: a file-system failure in the child reaches the admin as it would in-process (name, errno code, reason)', async () => {
    const blocker = join(tmp, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const err = await buildInChild({ corpusDir: corpusWith('blocked'), outDir: join(blocker, 'index'), cacheDir }).then(
      () => null,
      (e: unknown) => e as NodeJS.ErrnoException,
    );
    expect(['ENOTDIR', 'EEXIST']).toContain(err?.code);
    expect(reindexFailureReason(err as Error)).toMatch(/^the new index could not be written: .* \((ENOTDIR|EEXIST)\)$/u);
  }, 60_000);

  it('reloads when another process writes a new index, and keeps serving when the new one is broken', async () => {
    const embedder = await defaultEmbedder();
    const corpus = corpusWith('watch');
    const indexDir = join(tmp, 'watch-index');
    await buildIndex({ corpusDir: corpus, outDir: indexDir, embedder, cacheDir });
    const holder = new EngineHolder(Engine.open({ indexDir, corpusDir: corpus, embedder }), { indexDir, corpusDir: corpus, cacheDir, embedder });
    const reloaded: Engine[] = [];
    const errors: unknown[] = [];
    const stop = holder.watch({ intervalMs: 50, debounceMs: 50, onReload: (e) => reloaded.push(e), onError: (e) => errors.push(e) });
    try {
      writeFileSync(join(corpus, readdirSync(corpus).find((f) => f.endsWith('.txt')) ?? ''), original.replace('Election day was calm throughout the country.', 'Election day was calm and windy throughout the country.'));
      await buildIndex({ corpusDir: corpus, outDir: indexDir, embedder, cacheDir });
      await waitUntil(() => reloaded.length === 1);
      expect((await holder.current.search('calm and windy', { limit: 3 }))[0]?.text).toContain('calm and windy');
      const live = holder.current;
      writeFileSync(join(indexDir, 'manifest.json'), '{ not json');
      await waitUntil(() => errors.length > 0);
      expect(holder.current).toBe(live);
      expect((await holder.current.ask('What was the turnout according to the CEC?')).answer.answered).toBe(true);
    } finally {
      stop();
    }
  });

  it('keeps answering from memory when the index files are deleted, and a reindex reports the problem', async () => {
    const embedder = await defaultEmbedder();
    const corpus = corpusWith('deleted');
    const indexDir = join(tmp, 'deleted-index');
    await buildIndex({ corpusDir: corpus, outDir: indexDir, embedder, cacheDir });
    const holder = new EngineHolder(Engine.open({ indexDir, corpusDir: corpus, embedder }), { indexDir, corpusDir: corpus, cacheDir, embedder });
    rmSync(indexDir, { recursive: true, force: true });
    expect(existsSync(indexDir)).toBe(false);
    expect((await holder.current.ask('What was the turnout according to the CEC?')).answer.answered).toBe(true);
    rmSync(corpus, { recursive: true, force: true });
    await expect(holder.reindex()).rejects.toThrow(/corpus folder not found/u);
    expect((await holder.current.ask('What was the turnout according to the CEC?')).answer.answered).toBe(true);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

