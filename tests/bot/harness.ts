/**
 * Test harness: the real Bot (real discord.js Client) against tests/fake-discord,
 * configured through loadConfig exactly as `npm start` is (DISCORD_TOKEN and
 * DISCORD_API_BASE_URL pointing at the fake), with the real Engine on the
 * committed index. Logs are captured as JSON records.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { APIEmbed, APIUser } from 'discord-api-types/v10';
import { Bot, botSettings } from '../../src/bot/bot.js';
import type { EngineSource } from '../../src/bot/context.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import type { Engine } from '../../src/engine/engine.js';
import { EngineHolder, type HolderOptions } from '../../src/engine/holder.js';
import { openEngine } from '../../src/engine/open.js';
import { createLogger, type LogLevel } from '../../src/log/logger.js';
import { limitViolations } from '../../src/render/discord.js';
import { FakeDiscord, type FakeDiscordOptions, type RecordedRequest } from '../fake-discord/index.js';
import { EmbeddingCache } from '../../src/index/cache.js';
import { ROOT } from '../helpers/corpus.js';
import type { SettingsStore } from '../../src/store/settings.js';

/**
 * Configuration from an env-like record only (no .env file, no process.env).
 * The per-channel answer cap is raised (tests post many answers in one channel
 * within seconds); the tests of the cap set RATE_LIMIT_CHANNEL_QUESTIONS themselves.
 */
export function testConfig(env: Record<string, string | undefined>): AppConfig {
  return loadConfig(
    { INDEX_DIR: `${ROOT}index`, CORPUS_DIR: `${ROOT}corpus`, CACHE_DIR: `${ROOT}.cache/embeddings`, LOG_LEVEL: 'debug', RATE_LIMIT_CHANNEL_QUESTIONS: '10000', ...env },
    { dotenv: false },
  );
}

/** The Engine on the committed index (open one per test file). */
export function openTestEngine(env: Record<string, string | undefined> = {}): Promise<Engine> {
  return openEngine(testConfig(env));
}

/** An EngineSource over a fixed Engine (no reindex). */
export function fixedEngines(engine: Engine): EngineSource & { engine: Engine } {
  return {
    engine,
    get current() {
      return this.engine;
    },
    busy: false,
    reindex: () => Promise.reject(new Error('reindex is not available in this test')),
  };
}

export interface LogRecord {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

export class LogCapture {
  readonly raw: string[] = [];
  /** pino destination. */
  readonly stream = { write: (line: string): void => void this.raw.push(line) };

  get records(): LogRecord[] {
    return this.raw.flatMap((l) => l.split('\n').filter(Boolean)).map((l) => JSON.parse(l) as LogRecord);
  }

  find(predicate: (r: LogRecord) => boolean): LogRecord[] {
    return this.records.filter(predicate);
  }

  get text(): string {
    return this.raw.join('');
  }
}

export interface Harness {
  fake: FakeDiscord;
  bot: Bot;
  config: AppConfig;
  logs: LogCapture;
  /** A fresh guild member (so per-user rate limits never leak between tests). */
  user(name?: string): APIUser;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  engines: EngineSource;
  /** Extra environment for loadConfig (e.g. ADMIN_USER_IDS), computed from the started fake. */
  env?: (fake: FakeDiscord) => Record<string, string>;
  fake?: FakeDiscordOptions;
  /** Log level of the bot (default debug, so tests see everything). */
  level?: LogLevel;
  /** Passed to createLogger (values scrubbed from every line). */
  secrets?: (fake: FakeDiscord) => string[];
  /** Answer queue bounds (BotOptions.answerQueue). */
  answerQueue?: { concurrency: number; maxQueued: number };
  /** The /config settings store (BotOptions.settingsStore; default in memory). */
  settingsStore?: SettingsStore;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const fake = await new FakeDiscord(options.fake ?? {}).start();
  const level = options.level ?? 'debug';
  const config = testConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE_URL: fake.apiBase, LOG_LEVEL: level, ...(options.env?.(fake) ?? {}) });
  const logs = new LogCapture();
  const log = createLogger({ level, destination: logs.stream, pretty: false, ...(options.secrets ? { secrets: options.secrets(fake) } : {}) });
  const bot = new Bot({ ...botSettings(config), engines: options.engines, log, ...(options.answerQueue ? { answerQueue: options.answerQueue } : {}), ...(options.settingsStore ? { settingsStore: options.settingsStore } : {}) });
  await bot.start(config.discord.token ?? '');
  let n = 0;
  return {
    fake,
    bot,
    config,
    logs,
    user: (name) => fake.addUser({ username: `${name ?? 'user'}${++n}` }),
    async stop() {
      // Teardown does not wait for questions a test left hanging (Bot.stop's own grace is for production).
      await bot.stop({ graceMs: 100, finalMs: 100 });
      await fake.stop();
    },
  };
}

/** The committed index's Engine and a bot over it that never reindexes. */
export async function startFixedHarness(options: Omit<HarnessOptions, 'engines'> = {}): Promise<{ engine: Engine; h: Harness }> {
  const engine = await openTestEngine();
  return { engine, h: await startHarness({ ...options, engines: fixedEngines(engine) }) };
}

/** Stops a harness and its Engine's embedder (either may be missing when setup failed). */
export async function stopHarness(h: Harness | undefined, engine: Engine | undefined): Promise<void> {
  await h?.stop();
  await engine?.embedder.dispose();
}

// ---------------------------------------------------------------- payload checks

/** The message payload of a recorded request, when it carries one. */
export function messagePayload(r: RecordedRequest): Record<string, unknown> | null {
  const body = (r.body ?? {}) as Record<string, unknown>;
  if (r.route === 'POST /interactions/:interactionId/:token/callback') {
    return body.type === 4 || body.type === 7 ? ((body.data ?? {}) as Record<string, unknown>) : null;
  }
  if (r.route === 'POST /webhooks/:appId/:token' || r.route === 'PATCH /webhooks/:appId/:token/messages/:messageId' || r.route === 'POST /channels/:channelId/messages') return body;
  return null;
}

/** Every message payload the bot sent: `allowed_mentions.parse` is `[]` and every Discord limit holds. */
export function expectAllPayloadsSafe(fake: FakeDiscord): number {
  let checked = 0;
  for (const r of fake.requests) {
    const p = messagePayload(r);
    if (!p) continue;
    checked++;
    expect(p.allowed_mentions, `${r.method} ${r.path}`).toMatchObject({ parse: [] });
    expect(limitViolations(p), `${r.method} ${r.path}`).toEqual([]);
    expect(r.status, `${r.method} ${r.path} -> ${JSON.stringify(r.response)}`).toBeLessThan(500);
  }
  return checked;
}

export function embedOf(body: unknown, i = 0): APIEmbed {
  const b = body as { embeds?: APIEmbed[]; data?: { embeds?: APIEmbed[] } };
  const embed = (b.embeds ?? b.data?.embeds)?.[i];
  if (!embed) throw new Error(`no embed ${i} in ${JSON.stringify(body).slice(0, 300)}`);
  return embed;
}

export function contentOf(body: unknown): string {
  const b = body as { content?: string; data?: { content?: string } };
  return b.content ?? b.data?.content ?? '';
}

export function flagsOf(body: unknown): number {
  const b = body as { flags?: number; data?: { flags?: number } };
  return b.flags ?? b.data?.flags ?? 0;
}

export interface ButtonInfo {
  custom_id: string;
  label: string;
  disabled?: boolean;
}

export function buttonsOf(body: unknown): ButtonInfo[] {
  const b = body as { components?: { components?: ButtonInfo[] }[]; data?: { components?: { components?: ButtonInfo[] }[] } };
  return (b.components ?? b.data?.components ?? []).flatMap((row) => row.components ?? []);
}

/** The button labels of each action row. */
export function rowsOf(body: unknown): string[][] {
  const b = body as { components?: { components?: ButtonInfo[] }[]; data?: { components?: { components?: ButtonInfo[] }[] } };
  return (b.components ?? b.data?.components ?? []).map((row) => (row.components ?? []).map((x) => x.label));
}

export function button(body: unknown, label: string | RegExp): ButtonInfo {
  const found = buttonsOf(body).find((x) => (typeof label === 'string' ? x.label === label : label.test(x.label)));
  if (!found) throw new Error(`no button ${String(label)} in ${JSON.stringify(buttonsOf(body))}`);
  return found;
}

export const EPHEMERAL = 64;

// ---------------------------------------------------------------- scripts

export interface AsyncRunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunningScript {
  child: ChildProcess;
  /** Output so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves when the process has exited (killed with SIGKILL after `timeoutMs`). */
  done: Promise<AsyncRunResult>;
}

/** Starts scripts/<name>.ts through tsx without blocking the event loop (the fake Discord runs in this process). */
export function startScript(script: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): RunningScript {
  const child = spawn(`${ROOT}node_modules/.bin/tsx`, [`${ROOT}scripts/${script}.ts`, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d: Buffer) => (out.stdout += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (out.stderr += d.toString('utf8')));
  const done = new Promise<AsyncRunResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, ...out });
    });
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  return {
    child,
    get stdout() {
      return out.stdout;
    },
    get stderr() {
      return out.stderr;
    },
    done,
  };
}

/** Runs scripts/<name>.ts to completion (stdin: `input`, or empty). */
export function runScriptAsync(script: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<AsyncRunResult> {
  return startScript(script, args, { ...options, input: options.input ?? '' }).done;
}

/** Fills an embedding cache from an index's own sentence vectors, so a reindex embeds only changed text. */
export function seedCache(e: Engine, cacheDir: string): void {
  const { chunks, sentenceRows, sentenceVectors, dims } = e.index;
  const cache = new EmbeddingCache(cacheDir, e.embedder.fingerprint);
  chunks.forEach((chunk, i) => {
    const row = sentenceRows[i] ?? 0;
    chunk.sentences.forEach((s, j) => cache.set(chunk.sourceText.slice(s.start, s.end), sentenceVectors.halfBits(row + j)));
  });
  cache.save();
}

/** The real Engine with its ask() replaced (to make answers slow, large or failing). */
export function withAsk(target: Engine, ask: Engine['ask']): Engine {
  return new Proxy(target, {
    get(t, prop) {
      if (prop === 'ask') return ask;
      const value: unknown = Reflect.get(t, prop, t);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}

export interface TempIndex {
  /** The temporary folder; remove it after the tests. */
  tmp: string;
  /** INDEX_DIR, CORPUS_DIR and CACHE_DIR inside it, for testConfig. */
  dirs: { INDEX_DIR: string; CORPUS_DIR: string; CACHE_DIR: string };
  engine: Engine;
}

/**
 * Copies corpus/ and the committed index into a temporary folder and opens
 * the Engine on the copy, with its embedding cache filled from the index, so
 * tests can reindex, break or delete files without touching the repository.
 */
export async function openTempIndex(prefix: string): Promise<TempIndex> {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  cpSync(`${ROOT}corpus`, join(tmp, 'corpus'), { recursive: true });
  cpSync(`${ROOT}index`, join(tmp, 'index'), { recursive: true });
  const dirs = { INDEX_DIR: join(tmp, 'index'), CORPUS_DIR: join(tmp, 'corpus'), CACHE_DIR: join(tmp, 'cache') };
  const engine = await openTestEngine(dirs);
  seedCache(engine, dirs.CACHE_DIR);
  return { tmp, dirs, engine };
}

/** A bot over a temporary index copy whose /reindex goes to a real EngineHolder; `admin` is in ADMIN_USER_IDS. */
export interface ReindexHarness extends TempIndex {
  holder: EngineHolder;
  h: Harness;
  admin: APIUser;
}

/** Starts a ReindexHarness; `holderOptions` adds to the holder's options (an embedder wrapper, `isolate`). */
export async function startReindexHarness(prefix: string, holderOptions: (engine: Engine) => Partial<HolderOptions> = () => ({})): Promise<ReindexHarness> {
  const temp = await openTempIndex(prefix);
  const config = testConfig(temp.dirs);
  const holder = new EngineHolder(temp.engine, { indexDir: config.indexDir, corpusDir: config.corpusDir, cacheDir: config.cacheDir, embedder: temp.engine.embedder, ...holderOptions(temp.engine) });
  let admin: APIUser | null = null;
  const h = await startHarness({
    engines: holder,
    env: (fake) => {
      admin = fake.addUser({ username: 'admin' }, ['Moderator']);
      return { ...temp.dirs, ADMIN_USER_IDS: admin.id };
    },
  });
  if (!admin) throw new Error('the harness did not create the admin');
  return { ...temp, holder, h, admin };
}
