/**
 * Conventions every CLI keeps: commander with --help, one-line errors with
 * exit 2, configuration validated per command, progress on a terminal.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_SECTIONS, CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/config/config.js';
import { REPORT_FILE, ROOT } from '../helpers/corpus.js';
import { runScript, runScriptFile, runScriptInTerminal } from '../helpers/run.js';

/** Every CLI: the TypeScript ones through tsx, as `npm run` runs them, and ensure-build (plain JS, run before anything is compiled). */
const SCRIPTS = readdirSync(`${ROOT}scripts`).filter((f) => f.endsWith('.ts') || f.endsWith('.mjs'));

const run = runScriptFile;

describe('--help', () => {
  it('finds every script, and each is a commander CLI', () => {
    expect(SCRIPTS).toEqual(expect.arrayContaining(['start.ts', 'deploy-commands.ts', 'ask.ts', 'eval.ts', 'bench.ts', 'add-report.ts', 'build-index.ts', 'ensure-build.mjs']));
    for (const f of SCRIPTS) expect(readFileSync(`${ROOT}scripts/${f}`, 'utf8'), f).toMatch(/new Command\('[a-z-]+'\)/u);
  });

  it('prints the usage and exits 0 on every script, doing nothing else', async () => {
    // No token, no index folder: a script that ignored --help and ran would fail or connect.
    const env = { DISCORD_TOKEN: '', INDEX_DIR: join(tmpdir(), 'verbatim-no-index-here'), METRICS_PORT: '' };
    const results = await Promise.all(SCRIPTS.map(async (f) => [f, await run(f, ['--help'], env)] as const));
    for (const [f, r] of results) {
      const name = f.replace(/\.(ts|mjs)$/u, '');
      expect(r.status, `${f}: ${r.stderr}`).toBe(0);
      expect(r.stdout, f).toMatch(new RegExp(`^Usage: ${name} `, 'u'));
      expect(r.stdout, f).toMatch(/-h, --help +display help for command/u);
      expect(r.stderr, f).toBe('');
    }
  }, 120_000);
});

describe('npm run eval: a bad question set is one line, exit 2', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'verbatim-eval-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it.each([
    ['missing.json', /^error: cannot read the question set: missing\.json: question set not found or not readable\n$/u],
    ['/dev/zero', /^error: cannot read the question set: \/dev\/zero is not a regular file/u],
    ['package.json', /^error: package\.json is not a question set: expected a JSON array of questions \(each question: id, question, answers, section, footnotes, kind\)\n$/u],
    ['README.md', /^error: README\.md is not JSON: /u],
  ])('%s', async (file, message) => {
    const r = await run('eval.ts', [file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('a set with a malformed question names where', async () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(file, JSON.stringify([{ id: 'q1', question: 'What?', answers: 'not a list', section: null, footnotes: [], kind: 'fact' }]));
    const r = await run('eval.ts', [file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is not a question set: .* at 0\.answers /u);
  });
});

describe('a missing model', () => {
  it('is said as such by ask, not as a stale index', async () => {
    const r = await run('ask.ts', ['what was the turnout?'], { MODELS_DIR: '/nonexistent-models' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: Embedding model "e5-small-v2" not found: folder \/nonexistent-models\/e5-small-v2 does not exist/u);
    expect(r.stderr).not.toMatch(/stale/u);
  }, 60_000);
});

describe('npm run train-ranker', () => {
  it('refuses to learn from a held-apart set, writing nothing', async () => {
    const before = ['src/retrieve/ranker.json', 'src/answer/answerability.json'].map((f) => readFileSync(f, 'utf8'));
    const r = await run('train-ranker.ts', ['tests/fixtures/questions.heldout.json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: tests\/fixtures\/questions\.heldout\.json: a held-apart set is never learnt from/u);
    expect(['src/retrieve/ranker.json', 'src/answer/answerability.json'].map((f) => readFileSync(f, 'utf8'))).toEqual(before);
  }, 60_000);
});

describe('configuration', () => {
  it('reports every invalid variable at once, in one line, never echoing a value', () => {
    const env = { RATE_LIMIT_QUESTIONS: 'abc', LOG_LEVEL: 'loud', METRICS_PORT: '99999', DISCORD_CLIENT_ID: 'secret-value' };
    let message = '';
    try {
      loadConfig(env, { dotenv: false });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message.split('\n')).toHaveLength(1);
    for (const name of Object.keys(env)) expect(message).toContain(`${name} is invalid: `);
    expect(message).not.toContain('secret-value');
    expect(message).not.toContain('abc');
    expect(message).toMatch(/\(see \.env\.example\)$/u);
  });

  it('validates only the sections a command uses', () => {
    const env = { RATE_LIMIT_QUESTIONS: 'abc', LOG_LEVEL: 'loud' };
    expect(() => loadConfig(env, { dotenv: false })).toThrow(ConfigError);
    const config = loadConfig(env, { dotenv: false, sections: ['data', 'embedder'] });
    expect(config.embedderId).toEqual(expect.any(String));
    expect(Object.keys(config).sort()).toEqual(['cacheDir', 'corpusDir', 'dataDir', 'embedder', 'embedderId', 'indexDir']);
  });

  it('RATE_LIMIT_QUESTIONS=abc does not break npm run ask (which never rate limits), but does stop the bot', async () => {
    const ask = await run('ask.ts', ['How many polling stations were observed?'], { RATE_LIMIT_QUESTIONS: 'abc' });
    expect(ask.stderr).toBe('');
    expect(ask.status).toBe(0);
    expect(ask.stdout).toMatch(/^> /mu);
    const start = await run('start.ts', [], { RATE_LIMIT_QUESTIONS: 'abc', DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.0123456789abcdefghijklmnopqrstuvwxyzABCD' });
    expect(start.status).toBe(2);
    expect(start.stderr).toBe('error: RATE_LIMIT_QUESTIONS is invalid: must be a whole number from 1 to 1000 (see .env.example)\n');
  }, 60_000);

  it('.env.example documents every variable, and DEBUG', () => {
    const example = readFileSync(`${ROOT}.env.example`, 'utf8');
    const documented = new Set([...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gmu)].map((m) => m[1]));
    for (const section of CONFIG_SECTIONS) for (const name of CONFIG_VARIABLES[section]) expect(documented, name).toContain(name);
    expect(documented).toContain('DEBUG');
  });
});

describe('progress and output on a terminal', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'verbatim-progress-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('add-report shows the embedding progress', async () => {
    cpSync(`${ROOT}corpus`, join(tmp, 'corpus'), { recursive: true });
    const copy = join(tmp, 'copy.txt');
    writeFileSync(copy, readFileSync(REPORT_FILE, 'utf8'));
    const dirs = { CORPUS_DIR: join(tmp, 'corpus'), INDEX_DIR: join(tmp, 'index'), CACHE_DIR: join(tmp, 'cache') };
    const r = await runScriptInTerminal('add-report', [copy, '--title', 'A copy', '--id', 'kz-copy'], { env: dirs, timeoutMs: 120_000 });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/embedding .* \d+\/\d+ sentences/u);
    expect(r.stdout).toMatch(/index rebuilt: 2 reports/u);
  }, 150_000);

  it('bench shows each stage and prints its table once', async () => {
    const r = await runScriptInTerminal('bench', ['--cold-runs', '1', '--rounds', '1', '--builds', '1'], { timeoutMs: 150_000 });
    expect(r.status, r.stdout).toBe(0);
    for (const stage of ['cold starts', 'queries', 'index builds']) expect(r.stdout).toContain(stage);
    expect(r.stdout.match(/\| measure \| n \| p50 \| p95 \| max \| unit \|/gu)).toHaveLength(1);
    expect(r.stdout.match(/PASS|MISS/gu)?.length).toBe(3);
  }, 180_000);

  it('bench --dir without --reports is an error, exit 2', () => {
    const r = runScript('bench', ['--dir', tmp]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: --dir needs --reports (it names where the synthetic corpus is built)\n');
  });
});
