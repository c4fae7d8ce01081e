/**
 * Runs a Dockerfile's steps as a script, for the machines where Docker cannot
 * run (this one, CI): each stage gets a folder standing for its root file
 * system, absolute paths of the image (/app, /var/lib/verbatim) are mapped
 * into it, COPY copies (from the build context, honouring .dockerignore, or
 * from an earlier stage), RUN runs its shell command there with the stage's
 * ENV, and USER is kept so the image's command can be run as that user.
 *
 * What it cannot do it says: `apt-get` steps install system packages the
 * base image lacks; they are skipped and their packages' programs checked on
 * this machine instead. This is the Dockerfile's own text being run, not a
 * copy of it.
 */
import { spawn } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  name: string;
  base: string;
  instructions: Instruction[];
}

/** Instructions, line continuations joined, comments and parser directives dropped. */
export function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const lines = text.split('\n');
  const instructions: Instruction[] = [];
  let pending = '';
  let start = 0;
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    if (pending === '' && (line.trim().startsWith('#') || line.trim() === '')) return;
    if (pending === '') start = i + 1;
    if (line.trim().startsWith('#')) return; // a comment inside a continued instruction
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const full = `${pending}${line}`.trim();
    pending = '';
    const m = /^([A-Za-z]+)\s+([\s\S]*)$/u.exec(full);
    if (!m) throw new Error(`Dockerfile line ${start}: cannot parse "${full}"`);
    instructions.push({ keyword: (m[1] ?? '').toUpperCase(), args: (m[2] ?? '').trim(), line: start });
  });
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'ARG' && stages.length === 0) {
      const [k, v] = ins.args.split('=');
      if (k) args[k] = v ?? '';
      continue;
    }
    if (ins.keyword === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/iu.exec(ins.args);
      stages.push({ name: m?.[2] ?? String(stages.length), base: m?.[1] ?? '', instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile line ${ins.line}: ${ins.keyword} before FROM`);
    stage.instructions.push(ins);
  }
  return { args, stages };
}

/** ENV's `k=v k2=v2` pairs (values may be "quoted"). */
export function parseEnv(args: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/gu)) out[m[1] ?? ''] = (m[2] ?? '').replace(/^"|"$/gu, '');
  return out;
}

/** An exec-form command (JSON array), as CMD and HEALTHCHECK CMD take it. */
export function execForm(text: string): string[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) throw new Error(`not an exec-form command: ${text}`);
  return parsed as string[];
}

/** Patterns of .dockerignore as path tests (a name or a folder/ prefix, as this project writes them). */
export function dockerignore(context: string): (path: string) => boolean {
  const file = join(context, '.dockerignore');
  const patterns = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
    : [];
  return (path) =>
    patterns.some((p) => {
      const pattern = p.replace(/\/$/u, '');
      if (pattern.startsWith('*.')) return path.endsWith(pattern.slice(1));
      return path === pattern || path.startsWith(`${pattern}/`);
    });
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `argv` (or `sh -c command`) and collects its output; rejects on a non-zero exit unless `allowFailure`. */
export function exec(argv: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; allowFailure?: boolean }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const [cmd, ...rest] = argv;
    const child = spawn(cmd ?? 'false', rest, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      if (status !== 0 && !options.allowFailure) reject(new Error(`${argv.join(' ')} exited ${status}:\n${stderr.slice(-3000)}${stdout.slice(-2000)}`));
      else resolve({ status, stdout, stderr });
    });
    child.stdin.on('error', () => undefined); // a process that exits without reading its input
    child.stdin.end(options.input ?? '');
  });
}

/** The system programs an `apt-get install` step's packages provide (for the packages this Dockerfile names). */
const PROGRAMS: Readonly<Record<string, string>> = { python3: 'python3', make: 'make', 'g++': 'g++' };

export interface StageState {
  name: string;
  /** The folder standing for the stage's root file system. */
  root: string;
  workdir: string;
  env: Record<string, string>;
  user: string | null;
  /** Stage instructions kept for the caller: HEALTHCHECK, CMD, VOLUME, EXPOSE, STOPSIGNAL. */
  meta: Instruction[];
  /** apt-get steps skipped, with the programs checked instead. */
  skipped: string[];
}

/**
 * Runs every stage of `dockerfile` in order, with `context` as the build
 * context, each stage's root under `out/<stage>`. `absoluteRoots` are the
 * image paths to map (e.g. /app, /var/lib/verbatim).
 */
export async function runDockerfile(dockerfile: string, context: string, out: string, absoluteRoots: readonly string[], log: (line: string) => void = () => undefined): Promise<Map<string, StageState>> {
  const { stages } = parseDockerfile(readFileSync(dockerfile, 'utf8'));
  const states = new Map<string, StageState>();
  const ignored = dockerignore(context);
  for (const stage of stages) {
    const root = join(out, stage.name);
    mkdirSync(root, { recursive: true });
    const state: StageState = { name: stage.name, root, workdir: root, env: {}, user: null, meta: [], skipped: [] };
    states.set(stage.name, state);
    const map = (text: string): string => mapPaths(text, root, absoluteRoots);
    for (const ins of stage.instructions) {
      log(`[${stage.name}] ${ins.keyword} ${ins.args}`);
      switch (ins.keyword) {
        case 'WORKDIR':
          state.workdir = map(ins.args);
          mkdirSync(state.workdir, { recursive: true });
          break;
        case 'ENV':
          for (const [k, v] of Object.entries(parseEnv(ins.args))) state.env[k] = map(v);
          break;
        case 'COPY':
          copy(ins.args, state, states, context, ignored, map);
          break;
        case 'RUN': {
          if (/^apt-get\b/u.test(ins.args)) {
            const packages = /install\s+(?:-\S+\s+)*([^&]+)/u.exec(ins.args)?.[1]?.split(/\s+/u).filter((p) => p && !p.startsWith('-')) ?? [];
            for (const p of packages) await exec(['sh', '-c', `command -v ${PROGRAMS[p] ?? p}`], { cwd: root, env: process.env });
            state.skipped.push(`${ins.args} (checked here: ${packages.join(', ')})`);
            break;
          }
          await exec(['sh', '-c', map(ins.args)], { cwd: state.workdir, env: { ...process.env, ...state.env } });
          break;
        }
        case 'USER':
          state.user = ins.args;
          break;
        case 'ARG':
          break;
        default:
          state.meta.push(ins);
      }
    }
  }
  return states;
}

function mapPaths(text: string, root: string, absoluteRoots: readonly string[]): string {
  let out = text;
  for (const abs of [...absoluteRoots].sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(`(^|[\\s=:"'])${abs.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&')}(?=/|$|[\\s"'])`, 'gu'), `$1${root}${abs}`);
  }
  return out;
}

function copy(args: string, state: StageState, states: Map<string, StageState>, context: string, ignored: (p: string) => boolean, map: (t: string) => string): void {
  const words = args.split(/\s+/u);
  let from: StageState | null = null;
  let chown: string | null = null;
  while (words[0]?.startsWith('--')) {
    const flag = words.shift() ?? '';
    if (flag.startsWith('--from=')) from = states.get(flag.slice(7)) ?? null;
    else if (flag.startsWith('--chown=')) chown = flag.slice(8);
    else throw new Error(`COPY flag ${flag} is not supported here`);
  }
  const dest = words.pop() ?? '.';
  const target = dest.startsWith('/') ? map(dest) : join(state.workdir, dest);
  const many = words.length > 1 || dest.endsWith('/');
  for (const src of words) {
    const source = from ? (src.startsWith('/') ? map(src).replace(state.root, from.root) : join(from.workdir, src)) : join(context, src);
    if (!existsSync(source)) throw new Error(`COPY ${src}: not found at ${source}`);
    const to = many && !statSync(source).isDirectory() ? join(target, src.split('/').pop() ?? src) : target;
    mkdirSync(dirname(to), { recursive: true });
    cpSync(source, to, {
      recursive: true,
      filter: (p) => from !== null || !ignored(relative(context, p)),
    });
    if (chown) {
      const [uid, gid] = chown.split(':').map(Number);
      if (Number.isInteger(uid) && Number.isInteger(gid)) chownSync(to, uid ?? 0, gid ?? 0);
    }
  }
}
