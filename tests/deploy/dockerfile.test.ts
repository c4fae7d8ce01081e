/**
 * The production install, on a fresh clone, as CI can run it:
 *
 * - `npm ci --omit=dev && npm start` says in one line what to run instead
 *   (there is nothing compiled to start, and no compiler);
 * - the Dockerfile's steps, run as a script (tests/helpers/dockerfile.ts):
 *   `npm ci`, `npm run build`, `npm prune --omit=dev`, then the runtime
 *   stage as its non-root user, which can write only its state folder. Its
 *   command answers questions, runs the bot against the fake Discord
 *   (/reindex's child build included), passes its HEALTHCHECK and stops on
 *   SIGTERM; the systemd unit's ExecStart runs the same build.
 *
 * Slow (two installs), so one file: it runs beside the others.
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fake-discord/index.js';
import { ROOT } from '../helpers/corpus.js';
import { exec, execForm, runDockerfile, type StageState } from '../helpers/dockerfile.js';

const QUESTION = 'How many polling stations were observed?';
const IMAGE_ROOTS = ['/app', '/var/lib/verbatim'];
const NODE_UID = 1000;
const isRoot = process.getuid?.() === 0;

let work: string;

/** A fresh clone of the working tree: the files git tracks or would add, nothing installed or built. */
async function freshClone(dest: string): Promise<void> {
  const { stdout } = await exec(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, env: process.env });
  for (const file of stdout.split('\0').filter(Boolean)) {
    const from = join(ROOT, file);
    if (!existsSync(from) || statSync(from).isDirectory()) continue;
    mkdirSync(join(dest, file, '..'), { recursive: true });
    cpSync(from, join(dest, file));
  }
}

/** The environment of a process in the image: this machine's PATH, the image's ENV, the caller's extra variables (`docker run -e`). */
function imageEnv(stage: StageState, extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(stage.root, 'home-node'), ...stage.env, ...extra };
}

/** Runs a command of the image as its USER (uid 1000, as the node image's `node`), when this test runs as root. */
function asImageUser(stage: StageState, argv: readonly string[]): string[] {
  if (stage.user === null || !isRoot) return [...argv];
  expect(stage.user).toBe('node');
  return ['setpriv', `--reuid=${NODE_UID}`, `--regid=${NODE_UID}`, '--clear-groups', '--', ...argv];
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'verbatim-deploy-'));
  chmodSync(work, 0o755); // the image's user must reach the image folders inside
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('npm ci --omit=dev && npm start on a fresh clone', () => {
  it('says in one line what to run (no tsx: not found, no stack), exit 2', async () => {
    const clone = join(work, 'omit-dev');
    await freshClone(clone);
    await exec(['npm', 'ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: clone, env: { ...process.env, ONNXRUNTIME_NODE_INSTALL_CUDA: 'skip' }, timeoutMs: 600_000 });
    expect(existsSync(join(clone, 'node_modules', 'typescript'))).toBe(false);
    expect(existsSync(join(clone, 'node_modules', 'tsx'))).toBe(false);
    const r = await exec(['npm', 'start'], { cwd: clone, env: { ...process.env, DISCORD_TOKEN: '' }, input: `${QUESTION}\n`, allowFailure: true });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'error: dist/ is missing and TypeScript is not installed (a production install such as `npm ci --omit=dev`): build first with `npm ci && npm run build`, then `npm prune --omit=dev`',
    );
    expect(r.stderr).not.toMatch(/tsx: not found|\n\s+at /u);
  }, 600_000);
});

describe("the Dockerfile's steps, run as a script in a fresh clone", () => {
  let build: StageState;
  let runtime: StageState;
  let skipped: string[] = [];

  beforeAll(async () => {
    const clone = join(work, 'clone');
    await freshClone(clone);
    const stages = await runDockerfile(join(clone, 'Dockerfile'), clone, join(work, 'image'), IMAGE_ROOTS);
    build = stages.get('build') as StageState;
    runtime = stages.get('runtime') as StageState;
    skipped = [...stages.values()].flatMap((s) => s.skipped);
    mkdirSync(join(runtime.root, 'home-node'), { recursive: true });
  }, 900_000);

  it('built dist/ and pruned the development dependencies; only apt-get was left to the machine', () => {
    expect(skipped).toEqual([expect.stringMatching(/^apt-get update && apt-get install .*python3 make g\+\+/u)]);
    const app = runtime.workdir;
    expect(existsSync(join(app, 'dist', 'scripts', 'start.js'))).toBe(true);
    expect(existsSync(join(app, 'dist', 'scripts', 'build-index.js'))).toBe(true);
    expect(existsSync(join(app, 'src'))).toBe(false);
    for (const dev of ['typescript', 'tsx', 'vitest', 'esbuild']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    for (const dep of ['discord.js', 'hnswlib-node', 'prom-client']) expect(existsSync(join(app, 'node_modules', dep)), dep).toBe(true);
    expect(existsSync(join(runtime.env.INDEX_DIR ?? '', 'manifest.json'))).toBe(true);
    expect(build.env.ONNXRUNTIME_NODE_INSTALL_CUDA).toBe('skip');
  });

  it('CMD without a token answers questions from stdin, as the non-root user', async () => {
    const cmd = execForm(runtime.meta.find((i) => i.keyword === 'CMD')?.args ?? '[]');
    expect(cmd).toEqual(['node', '--enable-source-maps', 'dist/scripts/start.js']);
    const r = await exec(asImageUser(runtime, cmd), { cwd: runtime.workdir, env: imageEnv(runtime, {}), input: `${QUESTION}\n`, timeoutMs: 60_000 });
    expect(r.stdout).toMatch(/^From: Kazakhstan 2012 parliamentary – preliminary statement\n\n> /u);
    expect(r.stdout).toMatch(/— .+ · p\. \d+/u);
  }, 90_000);

  it('the image user can write its state folder and nothing else', async () => {
    if (!isRoot) return; // as another user every folder here is writable: nothing to show
    const write = (path: string) => exec(asImageUser(runtime, ['sh', '-c', `touch '${path}'`]), { cwd: runtime.workdir, env: imageEnv(runtime, {}), allowFailure: true });
    expect((await write(join(runtime.workdir, 'written-by-the-bot'))).status).not.toBe(0);
    expect((await write(join(runtime.workdir, 'dist', 'written-by-the-bot'))).status).not.toBe(0);
    for (const dir of ['INDEX_DIR', 'DATA_DIR']) expect((await write(join(runtime.env[dir] ?? '', '..', 'probe'))).status, dir).toBe(0);
  });

  it('CMD with a token runs the bot: answers, /reindex builds in a child from dist/, HEALTHCHECK passes, SIGTERM stops it', async () => {
    const fake = await new FakeDiscord().start();
    const admin = fake.addUser({ username: 'admin' });
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const cmd = execForm(runtime.meta.find((i) => i.keyword === 'CMD')?.args ?? '[]');
    const env = imageEnv(runtime, { DISCORD_TOKEN: fake.token, DISCORD_API_BASE_URL: fake.apiBase, ADMIN_USER_IDS: admin.id, METRICS_PORT: String(port), LOG_LEVEL: 'info' });
    const argv = asImageUser(runtime, cmd);
    const child = spawn(argv[0] ?? 'node', argv.slice(1), { cwd: runtime.workdir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await fake.gateway.waitForLive(30_000);
      const ix = await fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question: QUESTION } });
      expect(JSON.stringify((await ix.editOriginal({ timeoutMs: 20_000 })).body)).toContain('> ');

      const reindex = await fake.sendInteraction({ kind: 'slash', name: 'reindex', user: admin });
      const reply = await reindex.editOriginal({ timeoutMs: 120_000 });
      expect((reply.body as { content?: string }).content, out).toMatch(/^Reindexed: 1 report, /u);

      const healthcheck = runtime.meta.find((i) => i.keyword === 'HEALTHCHECK')?.args ?? '';
      const check = execForm(/CMD\s+(\[.*\])$/u.exec(healthcheck)?.[1] ?? '[]');
      const health = await exec(asImageUser(runtime, check), { cwd: runtime.workdir, env: imageEnv(runtime, { METRICS_PORT: String(port) }), allowFailure: true });
      expect(health.status, health.stderr).toBe(0);
      expect(health.stdout).toMatch(/^ready: \{"status":"ready"/u);

      expect(runtime.meta.find((i) => i.keyword === 'STOPSIGNAL')?.args).toBe('SIGTERM');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await fake.stop();
    }
  }, 240_000);

  it("the systemd unit's ExecStart runs the same build, with the same state folders", async () => {
    const unit = readFileSync(join(ROOT, 'deploy', 'verbatim.service'), 'utf8');
    const setting = (key: string): string[] => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gmu'))].map((m) => m[1] ?? '');
    const environment = Object.fromEntries(setting('Environment').map((e) => e.split(/=(.*)/su).slice(0, 2) as [string, string]));
    for (const name of ['CORPUS_DIR', 'INDEX_DIR', 'CACHE_DIR', 'DATA_DIR', 'METRICS_PORT', 'METRICS_HOST', 'NODE_ENV']) {
      expect(environment[name], name).toBe(runtime.env[name]?.replace(runtime.root, '') ?? runtime.env[name]);
    }
    expect(setting('KillSignal')).toEqual(['SIGTERM']);
    expect(Number(setting('TimeoutStopSec')[0])).toBeGreaterThanOrEqual(10);
    expect(setting('ReadWritePaths')).toEqual(['/var/lib/verbatim']);
    const exec0 = setting('ExecStart')[0]?.split(/\s+/u) ?? [];
    expect(exec0[0]).toMatch(/^\/usr\/bin\/node$/u);
    const r = await exec([process.execPath, ...exec0.slice(1)], { cwd: runtime.workdir, env: imageEnv(runtime, {}), input: `${QUESTION}\n`, timeoutMs: 60_000 });
    expect(r.stdout).toMatch(/^> /mu);
  }, 90_000);
});
