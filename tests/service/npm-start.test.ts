/**
 * `npm start` as a supervisor runs it: the process that npm started is the
 * bot itself (not a shell or tsx wrapper that a signal would not cross);
 * SIGTERM to npm or to the bot stops it within 10 s, every question in
 * flight answered or told why not; /healthz and /metrics answer during a
 * burst; a rebuilt index is reloaded and counted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { MessageFlags, type APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type InteractionHandle } from '../fake-discord/index.js';
import { ROOT } from '../helpers/corpus.js';
import { runScriptAsync, openTempIndex, type LogRecord, type TempIndex } from '../bot/harness.js';

const QUESTION = 'How many polling stations were observed?';
const RESTARTING = /^Verbatim is restarting and could not answer this one\. Please ask again in a minute\.$/u;

interface NpmStart {
  npm: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

function npmStart(env: NodeJS.ProcessEnv): NpmStart {
  const npm = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'info', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  npm.stdout?.on('data', (d: Buffer) => (out.stdout += d.toString('utf8')));
  npm.stderr?.on('data', (d: Buffer) => (out.stderr += d.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    const timer = setTimeout(() => npm.kill('SIGKILL'), 60_000);
    npm.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, at: performance.now() });
    });
  });
  return {
    npm,
    exited,
    get stdout() {
      return out.stdout;
    },
    get stderr() {
      return out.stderr;
    },
  };
}

/** The processes a process started (Linux /proc). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/u).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function commandLine(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** JSON log records among npm's own banner lines. */
function records(stdout: string): LogRecord[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogRecord);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The bot: npm's only child once the prestart step is over. */
async function botPid(run: NpmStart): Promise<number> {
  const pid = run.npm.pid ?? 0;
  await expect.poll(() => childrenOf(pid).length, { timeout: 20_000 }).toBe(1);
  return childrenOf(pid)[0] ?? 0;
}

/** How an interaction ended, as the fake stores its @original message. */
function outcome(ix: InteractionHandle): 'answered' | 'restarting' | 'pending' {
  const original: APIMessage | null = ix.original();
  // Told privately: the public "thinking…" deleted, and an ephemeral follow-up saying the bot is restarting.
  const toldAlone = ix.requests().some((r) => r.method === 'POST' && r.status < 300 && /^\/webhooks\//u.test(r.path) && RESTARTING.test(String((r.body as { content?: unknown } | undefined)?.content ?? '')));
  if (!original) return toldAlone ? 'restarting' : 'pending';
  if (((original.flags ?? 0) & MessageFlags.Loading) !== 0) return 'pending';
  if (RESTARTING.test(original.content)) return 'restarting';
  return original.embeds[0]?.description?.startsWith('> ') ? 'answered' : 'pending';
}

describe('npm start under a supervisor', () => {
  let fake: FakeDiscord;

  beforeAll(async () => {
    fake = await new FakeDiscord().start();
  });

  afterAll(async () => {
    await fake?.stop();
  });

  const botEnv = (): NodeJS.ProcessEnv => ({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_BASE_URL: fake.apiBase,
    DISCORD_GUILD_ID: '',
    ASK_CHANNEL_IDS: '',
    ADMIN_USER_IDS: '',
    RATE_LIMIT_CHANNEL_QUESTIONS: '1000',
    METRICS_PORT: '',
  });

  it('SIGTERM to the npm process stops the bot within 10 s; each question in flight is answered or told the bot is restarting', async () => {
    const run = npmStart({ ...botEnv(), SHUTDOWN_GRACE_SECONDS: '0' });
    try {
      await fake.gateway.waitForLive(30_000);
      const bot = await botPid(run);
      expect(commandLine(bot)).toMatch(/node .*dist\/scripts\/start\.js$/u);

      const burst: InteractionHandle[] = [];
      for (let i = 0; i < 40; i++) burst.push(await fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: QUESTION }, user: fake.addUser({ username: `term${i}` }) }));
      await Promise.all(burst.map((ix) => ix.callback({ timeoutMs: 10_000 })));
      const signalled = performance.now();
      run.npm.kill('SIGTERM');
      const exit = await run.exited;

      expect(exit.at - signalled).toBeLessThan(10_000);
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(alive(bot)).toBe(false);
      const ends = burst.map(outcome);
      expect(ends.filter((e) => e === 'pending')).toEqual([]);
      expect(ends).toContain('restarting'); // some were still waiting: told so, not left "thinking"
      const logs = records(run.stdout);
      expect(logs.find((r) => r.msg === 'shutting down')).toMatchObject({ signal: 'SIGTERM' });
      expect(logs.find((r) => r.msg === 'stopped')).toBeDefined();
      expect(logs.filter((r) => r.level >= 50)).toEqual([]);
    } finally {
      run.npm.kill('SIGKILL');
    }
  }, 90_000);

  it('SIGTERM to the bot process itself (the one npm started) stops it, and npm exits 0', async () => {
    const run = npmStart(botEnv());
    try {
      await fake.gateway.waitForLive(30_000);
      const bot = await botPid(run);
      const signalled = performance.now();
      process.kill(bot, 'SIGTERM');
      const exit = await run.exited;
      expect(exit.at - signalled).toBeLessThan(10_000);
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(alive(bot)).toBe(false);
    } finally {
      run.npm.kill('SIGKILL');
    }
  }, 90_000);

  it('without a token, SIGTERM ends the terminal session at once, exit 0', async () => {
    const run = npmStart({ DISCORD_TOKEN: '' });
    try {
      run.npm.stdin?.write(`${QUESTION}\n`); // stdin stays open: the session would wait for more
      await expect.poll(() => run.stdout, { timeout: 30_000 }).toMatch(/From: Kazakhstan 2012/u);
      const signalled = performance.now();
      run.npm.kill('SIGTERM');
      const exit = await run.exited;
      expect(exit.at - signalled).toBeLessThan(10_000);
      expect(exit).toMatchObject({ code: 0, signal: null });
    } finally {
      run.npm.kill('SIGKILL');
    }
  }, 60_000);
});

describe('npm start with METRICS_PORT: /healthz and /metrics', () => {
  let fake: FakeDiscord;
  let temp: TempIndex;

  beforeAll(async () => {
    fake = await new FakeDiscord().start();
    temp = await openTempIndex('verbatim-metrics-');
  });

  afterAll(async () => {
    await fake?.stop();
    await temp?.engine.embedder.dispose();
    if (temp) rmSync(temp.tmp, { recursive: true, force: true });
  });

  it('are scraped during a burst, report answers, abstentions, latencies, queue depth and the index version, and count a reload', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const run = npmStart({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_BASE_URL: fake.apiBase,
      ASK_CHANNEL_IDS: '',
      ADMIN_USER_IDS: '',
      RATE_LIMIT_CHANNEL_QUESTIONS: '1000',
      METRICS_PORT: String(port),
      ...temp.dirs,
    });
    try {
      await expect.poll(() => records(run.stdout).find((r) => r.msg === 'monitoring server listening (/healthz, /metrics)')?.url, { timeout: 30_000 }).toBe(base);
      await fake.gateway.waitForLive(30_000);
      await expect.poll(async () => (await fetch(`${base}/healthz`)).status, { timeout: 10_000 }).toBe(200);

      // A burst of 30 answerable questions and one the report does not answer, scraped all along.
      const scrapes: Promise<{ health: number; metrics: string }>[] = [];
      const scraper = setInterval(() => {
        scrapes.push(Promise.all([fetch(`${base}/healthz`), fetch(`${base}/metrics`)]).then(async ([h, m]) => ({ health: h.status, metrics: await m.text() })));
      }, 20);
      const burst: InteractionHandle[] = [];
      for (let i = 0; i < 30; i++) burst.push(await fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: QUESTION }, user: fake.addUser({ username: `m${i}` }) }));
      burst.push(await fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: 'What percentage of the vote did Ak Zhol get?' }, user: fake.addUser({ username: 'abstain' }) }));
      await Promise.all(burst.map((ix) => ix.editOriginal({ timeoutMs: 20_000 })));
      clearInterval(scraper);
      const during = await Promise.all(scrapes);
      expect(during.length).toBeGreaterThan(5);
      expect(during.every((s) => s.health === 200)).toBe(true);
      const depths = during.map((s) => value(s.metrics, 'verbatim_answer_queue_depth'));
      expect(Math.max(...depths)).toBeGreaterThan(0);

      // The bot counts a question once Discord has acknowledged its answer's edit: a moment after the fake recorded it.
      const metricsText = async (): Promise<string> => (await fetch(`${base}/metrics`)).text();
      await expect.poll(async () => value(await metricsText(), 'verbatim_answer_duration_seconds_count{source="ask"}'), { timeout: 10_000 }).toBe(31);
      const m = await metricsText();
      expect(value(m, 'verbatim_questions_total{source="ask",outcome="answered"}')).toBe(30);
      expect(value(m, 'verbatim_questions_total{source="ask",outcome="abstained"}')).toBe(1);
      expect(value(m, 'verbatim_answer_duration_seconds_count{source="ask"}')).toBe(31);
      expect(value(m, 'verbatim_answer_compute_seconds_count')).toBe(31);
      expect(value(m, 'verbatim_answer_queue_depth')).toBe(0);
      expect(value(m, 'verbatim_discord_ready')).toBe(1);
      expect(m).toMatch(/^process_resident_memory_bytes \d+/mu);
      const embedderId = temp.engine.index.manifest.embedder.id.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
      const version = new RegExp(`^verbatim_index_info\\{version="([0-9a-f]{12})",embedder="${embedderId}",`, 'mu').exec(m)?.[1];
      expect(version).toBeDefined();
      const health = (await (await fetch(`${base}/healthz`)).json()) as { status: string; index: { version: string } };
      expect(health).toMatchObject({ status: 'ready', index: { version } });
      expect(m).not.toContain(QUESTION);

      // Rebuild the index on disk with an edited corpus: the bot reloads it, and says so.
      const report = join(temp.dirs.CORPUS_DIR, 'kazakhstan-2012-parliamentary-preliminary-statement.txt');
      writeFileSync(report, readFileSync(report, 'utf8').replace('observers were restricted from observing', 'observers were kept from observing'));
      const build = await runScriptAsync('build-index', [], { env: temp.dirs, timeoutMs: 120_000 });
      expect(build.status, build.stderr).toBe(0);
      await expect.poll(async () => value(await (await fetch(`${base}/metrics`)).text(), 'verbatim_index_reloads_total{trigger="watch",outcome="ok"}'), { timeout: 20_000 }).toBe(1);
      const after = await (await fetch(`${base}/metrics`)).text();
      expect(/^verbatim_index_info\{version="([0-9a-f]{12})"/mu.exec(after)?.[1]).not.toBe(version);

      expect((await fetch(`${base}/nothing`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
      run.npm.kill('SIGTERM');
      expect((await run.exited).code).toBe(0);
    } finally {
      run.npm.kill('SIGKILL');
    }
  }, 180_000);
});

/** The value of one series in a Prometheus text exposition (NaN when absent). */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : Number.NaN;
}
