import { spawnSync } from 'node:child_process';
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
