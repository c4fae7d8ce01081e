import { spawn, spawnSync } from 'node:child_process';
import { ROOT } from './corpus.js';

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a script of scripts/ through tsx, as `npm run` would, without npm's own output. */
export function runScript(script: string, args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): RunResult {
  const r = spawnSync(`${ROOT}node_modules/.bin/tsx`, [`${ROOT}scripts/${script}.ts`, ...args], {
    cwd: ROOT,
    input: options.input ?? '',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    timeout: options.timeout ?? 120_000,
    maxBuffer: 512 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs a file of scripts/ (`name.ts` through tsx, `name.mjs` as it is) in node without blocking this process, so
 * that the test can serve what the script asks for meanwhile.
 */
export function runScriptFile(file: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const argv = file.endsWith('.mjs') ? [`${ROOT}scripts/${file}`, ...args] : ['--import', 'tsx', `${ROOT}scripts/${file}`, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Quotes one argument for sh. */
const shQuote = (s: string): string => `'${s.replace(/'/gu, `'\\''`)}'`;

/**
 * Runs a script of scripts/ through tsx inside a pseudo-terminal (util-linux
 * `script`), as a person at a terminal runs it: stdout and stderr are both
 * the terminal, so progress bars draw and anything printed twice shows twice.
 * Resolves with the terminal's output, ANSI escapes removed.
 */
export function runScriptInTerminal(script: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  const command = [`${ROOT}node_modules/.bin/tsx`, `${ROOT}scripts/${script}.ts`, ...args].map(shQuote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, TERM: 'xterm', COLUMNS: '120', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      // eslint-disable-next-line no-control-regex
      const plain = out.replace(/\u001b\[[0-9;?]*[A-Za-z]/gu, '').replace(/\r/gu, '\n');
      resolve({ status, stdout: plain, stderr: err });
    });
    child.stdin.end();
  });
}
