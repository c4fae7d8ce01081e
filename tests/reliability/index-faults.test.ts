/**
 * The index under trouble, with the real EngineHolder on a temporary copy of
 * corpus/ and index/: index files deleted while the bot runs (it answers from
 * memory; /reindex says clearly what is wrong), and failed reindexes (a bad
 * report, a full disk, a file blocking the index folder) that leave the old
 * index live and tell the admin why. Once the problem is fixed, /reindex
 * rebuilds the deleted index.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIUser } from 'discord-api-types/v10';
import type { EngineSource } from '../../src/bot/context.js';
import { reindexFailureReason } from '../../src/bot/commands/reindex.js';
import type { Engine } from '../../src/engine/engine.js';
import { EngineHolder, type HolderOptions } from '../../src/engine/holder.js';
import { contentOf, embedOf, EPHEMERAL, expectAllPayloadsSafe, flagsOf, openTempIndex, startHarness, testConfig, type Harness, stopHarness } from '../bot/harness.js';

const QUESTION = 'How many polling stations were observed?';
const META = JSON.parse(
  '{"id":"bad-report","shortTitle":"Bad report","fullTitle":"A report that is not text","country":"Nowhere","electionType":"None","electionDate":"2020-01-01","publisher":"Nobody","statementDate":"2020-01-02","statementPlace":"Nowhere","documentType":"Statement","language":"en"}',
) as Record<string, string>;

let tmp: string;
let engine: Engine;
let holder: EngineHolder;
/** The holder /reindex goes to (switched to one whose index folder is blocked by a file). */
let active: EngineHolder;
let h: Harness;
let admin: APIUser;
/** The test seam: thrown from buildIndex's beforeSwap while set. */
let failWrite: Error | null = null;
const watchErrors: unknown[] = [];
let unwatch = (): void => undefined;

beforeAll(async () => {
  const temp = await openTempIndex('verbatim-index-faults-');
  ({ tmp, engine } = temp);
  const { dirs } = temp;
  const config = testConfig(dirs);
  const options: HolderOptions = {
    indexDir: config.indexDir,
    corpusDir: config.corpusDir,
    cacheDir: config.cacheDir,
    embedder: engine.embedder,
    beforeSwap: () => {
      if (failWrite) throw failWrite;
    },
  };
  holder = new EngineHolder(engine, options);
  active = holder;
  unwatch = holder.watch({ intervalMs: 50, debounceMs: 10, onError: (e) => watchErrors.push(e) });
  const engines: EngineSource = {
    get current() {
      return active.current;
    },
    get busy() {
      return active.busy;
    },
    reindex: () => active.reindex(),
  };
  h = await startHarness({
    engines,
    env: (fake) => {
      admin = fake.addUser({ username: 'admin' });
      return { ...dirs, ADMIN_USER_IDS: admin.id };
    },
  });
});

afterAll(async () => {
  unwatch();
  await stopHarness(h, engine);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const ask = async (question = QUESTION) => (await h.fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question }, user: h.user() })).editOriginal();

/** Runs /reindex as the admin; returns the ephemeral text it ends with. */
async function reindex(): Promise<string> {
  const ix = await h.fake.sendInteraction({ kind: 'slash', name: 'reindex', user: admin });
  const cb = await ix.callback();
  expect(cb.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
  const edit = await ix.editOriginal({ timeoutMs: 30_000 });
  expect(flagsOf(ix.original()) & EPHEMERAL).toBe(EPHEMERAL);
  return contentOf(edit.body);
}

/** The old index is live: same Engine, not busy, and it still answers with quotes. */
async function oldIndexLive(): Promise<void> {
  expect(holder.current).toBe(engine);
  expect(active.busy).toBe(false);
  expect(embedOf((await ask()).body).description).toMatch(/^> /u);
}

/** No temporary build folder is left beside the index. */
function noLeftovers(dir = tmp): void {
  expect(readdirSync(dir).filter((n) => /\.(tmp|old)-\d+-\d+$|\.lock$/u.test(n))).toEqual([]);
}

describe('index files deleted while the bot runs', () => {
  it('keeps answering from memory: /ask, /search, /section, /footnote and mentions', async () => {
    rmSync(join(tmp, 'index'), { recursive: true, force: true });
    expect(existsSync(join(tmp, 'index'))).toBe(false);
    await oldIndexLive();
    const search = await (await h.fake.sendInteraction({ kind: 'slash', name: 'search', options: { query: 'polling stations' }, user: h.user() })).editOriginal();
    expect(embedOf(search.body).description?.length).toBeGreaterThan(0);
    const section = await (await h.fake.sendInteraction({ kind: 'slash', name: 'section', options: { name: 'Election Day' }, user: h.user() })).callback();
    expect(embedOf(section.body).description?.length).toBeGreaterThan(0);
    const footnote = await (await h.fake.sendInteraction({ kind: 'slash', name: 'footnote', options: { number: 1 }, user: h.user() })).callback();
    expect(embedOf(footnote.body).description?.length).toBeGreaterThan(0);
    const msg = await h.fake.sendMessage({ content: QUESTION, mentionBot: true, author: h.user() });
    expect(embedOf((await msg.waitForReply()).body).description).toMatch(/^> /u);
  });

  it('the index watcher reports the missing index and keeps the old one', async () => {
    await expect.poll(() => watchErrors.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(String((watchErrors[0] as Error).message)).toMatch(/manifest|index/iu);
    expect(holder.current).toBe(engine);
  });

  it('/reindex with the corpus gone too: a clear ephemeral failure, and the old index stays live', async () => {
    renameSync(join(tmp, 'corpus'), join(tmp, 'corpus.away'));
    try {
      const text = await reindex();
      expect(text).toBe(`Reindex failed: ${join(tmp, 'corpus')}: corpus folder not found. The previous index is still live.`);
      await oldIndexLive();
    } finally {
      renameSync(join(tmp, 'corpus.away'), join(tmp, 'corpus'));
    }
  }, 30_000);
});

describe('a failed reindex leaves the old index live and tells the admin why', () => {
  it('a bad report: a binary .txt with its metadata', async () => {
    const txt = join(tmp, 'corpus', 'bad-report.txt');
    const meta = join(tmp, 'corpus', 'bad-report.meta.json');
    writeFileSync(txt, Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0xff, 0xfe, 0x00, 0x00, 0x89, 0x50]));
    writeFileSync(meta, JSON.stringify(META));
    try {
      const text = await reindex();
      expect(text).toMatch(/^Reindex failed: .*bad-report\.txt: the file looks binary .*\. The previous index is still live\.$/u);
      await oldIndexLive();
      noLeftovers();
    } finally {
      unlinkSync(txt);
      unlinkSync(meta);
    }
  }, 30_000);

  it('the disk fills while the new index is written (ENOSPC)', async () => {
    failWrite = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    try {
      const text = await reindex();
      expect(text).toBe('Reindex failed: the new index could not be written: the disk is full (ENOSPC). The previous index is still live.');
      await oldIndexLive();
      noLeftovers();
      await expect.poll(() => h.logs.find((r) => r.msg === 'reindex failed' && (r.err as { code?: string } | undefined)?.code === 'ENOSPC')).toHaveLength(1);
    } finally {
      failWrite = null;
    }
  }, 30_000);

  it('a file stands where the index folder should be (ENOTDIR, a real file-system error)', async () => {
    writeFileSync(join(tmp, 'blocker'), 'not a folder');
    active = new EngineHolder(engine, { indexDir: join(tmp, 'blocker', 'sub', 'index'), corpusDir: join(tmp, 'corpus'), cacheDir: join(tmp, 'cache'), embedder: engine.embedder });
    try {
      const text = await reindex();
      expect(text).toBe('Reindex failed: the new index could not be written: a file stands where a folder should be (ENOTDIR). The previous index is still live.');
      expect(active.current).toBe(engine);
      await oldIndexLive();
    } finally {
      active = holder;
      unlinkSync(join(tmp, 'blocker'));
    }
  }, 30_000);

  it('any other error is named, with its details left to the log', () => {
    expect(reindexFailureReason(new TypeError('x is not a function'))).toBe("TypeError (see the bot's log)");
    expect(reindexFailureReason(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }))).toBe('the new index could not be written: permission denied (EACCES)');
    expect(reindexFailureReason(Object.assign(new Error('weird'), { code: 'EWHATEVER' }))).toBe('the new index could not be written: a file-system error (EWHATEVER)');
  });
});

describe('once the problem is fixed', () => {
  it('/reindex rebuilds the deleted index and swaps it in', async () => {
    const text = await reindex();
    expect(text).toMatch(/^Reindexed: 1 report, .* Embeddings: \d+ reused, 0 computed\. Took \d+\.\d s\.$/u);
    expect(existsSync(join(tmp, 'index', 'manifest.json'))).toBe(true);
    expect(holder.current).not.toBe(engine);
    expect(embedOf((await ask()).body).description).toMatch(/^> /u);
    noLeftovers();
  }, 60_000);

  it('sent only safe payloads, and logged errors only for the failed reindexes', () => {
    expectAllPayloadsSafe(h.fake);
    const errors = h.logs.find((r) => r.level >= 50);
    expect(errors.map((r) => r.msg)).toEqual(['reindex failed', 'reindex failed', 'reindex failed', 'reindex failed']);
  });
});
