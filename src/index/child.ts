/**
 * An index build in a child process: `build-index --json` run by this Node
 * (`dist/scripts/build-index.js` when this module runs compiled, as in
 * production; `scripts/build-index.ts` through tsx when it runs from source),
 * its outcome read back as one line of JSON.
 *
 * Why: a build is seconds to minutes of synchronous work (parsing, the
 * lexical index, hnswlib's graph, writing and validating) and, at 200
 * reports, ~800 MB at its peak. In a process that also serves questions (the
 * bot during /reindex) that work would stall its event loop for the whole
 * build and add to its memory; in a child, the bot keeps answering and the
 * memory is returned when the child exits. The build is the same
 * (buildIndex, atomic, validated); only where it runs differs.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { BuildResult } from './build.js';
import { ManifestSchema } from './schema.js';

/** Whether this module runs compiled (dist/src/index/child.js) rather than from source through tsx. */
const COMPILED = !import.meta.url.endsWith('.ts');
/** The project root (where node_modules/ is): above dist/ when compiled. */
const ROOT = fileURLToPath(new URL(COMPILED ? '../../..' : '../..', import.meta.url));

/** The command line (after `node`) that runs build-index: the compiled script, or the source through tsx. */
export function buildCommand(): string[] {
  const script = fileURLToPath(new URL(`../../scripts/build-index.${COMPILED ? 'js' : 'ts'}`, import.meta.url));
  return COMPILED ? [script] : ['--import', 'tsx', script];
}

const ChildErrorSchema = z.strictObject({ name: z.string(), message: z.string(), code: z.string().optional() });

/** The one line a `build-index --json` child prints on stdout. */
export const BuildChildMessageSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    result: z.strictObject({
      manifest: ManifestSchema,
      reused: z.number().int().nonnegative(),
      computed: z.number().int().nonnegative(),
      corruptCacheEntries: z.number().int().nonnegative(),
      seconds: z.number().nonnegative(),
      warnings: z.array(z.strictObject({ report: z.string(), warning: z.string() })),
      notices: z.array(z.string()),
    }),
  }),
  z.strictObject({ ok: z.literal(false), error: ChildErrorSchema }),
]);
export type BuildChildMessage = z.infer<typeof BuildChildMessageSchema>;

/** What the child prints for a failed build: the error's name, first line and errno code, so the parent can explain it as it would its own. */
export function failureMessage(e: unknown): BuildChildMessage {
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as NodeJS.ErrnoException).code;
  return { ok: false, error: { name: err.name, message: err.message.split('\n')[0] ?? '', ...(typeof code === 'string' ? { code } : {}) } };
}

export interface ChildBuildOptions {
  corpusDir: string;
  outDir: string;
  /** Embedding cache folder; null embeds everything again. */
  cacheDir: string | null;
  /** The child's environment (its embedder comes from it, as the bot's does). Default: this process's. */
  env?: NodeJS.ProcessEnv;
  /** Time limit for the whole build, in ms: past it the child is killed and the build fails (the previous index stays). Default 30 minutes. */
  timeoutMs?: number;
  /** Aborting kills the child (SIGTERM; its build is atomic, so the old index stays). */
  signal?: AbortSignal;
}

export const DEFAULT_CHILD_BUILD_TIMEOUT_MS = 30 * 60_000;

/** The child's environment: the parent's, with the cache folder set and the bot's token left out (a build has no use for it). */
export function childEnv(base: NodeJS.ProcessEnv, cacheDir: string | null): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, ...(cacheDir === null ? {} : { CACHE_DIR: cacheDir }) };
  delete env.DISCORD_TOKEN;
  return env;
}

/**
 * Runs one build in a child process and resolves with its result. A failed
 * build rejects with an Error of the child's name, message and errno code; the
 * previous index is untouched either way (the child's build is atomic).
 */
export function buildInChild(options: ChildBuildOptions): Promise<BuildResult> {
  const args = [...buildCommand(), '--json', '--corpus', options.corpusDir, '--out', options.outDir];
  if (options.cacheDir === null) args.push('--no-cache');
  const env = childEnv(options.env ?? process.env, options.cacheDir);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], ...(options.signal ? { signal: options.signal } : {}) });
    const limitMs = options.timeoutMs ?? DEFAULT_CHILD_BUILD_TIMEOUT_MS;
    let timedOut = false;
    // A hostile or huge corpus cannot keep a build (and the admin's /reindex) going for ever. A killed
    // build leaves the previous index as it was (the build is atomic) and a stale lock the next build takes over.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limitMs);
    timer.unref();
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4096)));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        return reject(Object.assign(new Error(`the build took longer than ${Math.round(limitMs / 1000)} s and was stopped`), { name: 'BuildError' }));
      }
      const last = stdout.trim().split('\n').pop() ?? '';
      let message: BuildChildMessage | null = null;
      try {
        const parsed = BuildChildMessageSchema.safeParse(JSON.parse(last));
        if (parsed.success) message = parsed.data;
      } catch {
        message = null;
      }
      if (message?.ok) return resolve(message.result);
      if (message && !message.ok) return reject(Object.assign(new Error(message.error.message), { name: message.error.name }, message.error.code ? { code: message.error.code } : {}));
      const why = stderr.trim().split('\n').pop() ?? '';
      reject(Object.assign(new Error(`the build process ended ${signal ? `by ${signal}` : `with exit code ${code}`} without a result${why ? `: ${why}` : ''}`), { name: 'BuildError' }));
    });
  });
}
