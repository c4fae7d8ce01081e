/**
 * Embedding in child processes: `size` processes, each with its own copy of
 * the model, each text embedded alone by one of them (so its vector depends
 * on the text only, as in one process: cold and warm builds stay
 * byte-identical). One model run uses about one core (onnxruntime's work per
 * short text is too small to spread), so on a machine of N cores N processes
 * embed a large corpus about N times as fast. Only the build uses it, for
 * many texts.
 *
 * Processes, not worker threads: onnxruntime-node's binding aborts the
 * process when a second thread runs a session ("Entering the V8 API without
 * proper locking", seen with 1.21). Vectors cross as base64 of their bytes,
 * so no bit is lost on the way.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { EmbedderConfig } from './types.js';

export interface EmbedderPool {
  readonly size: number;
  /** Each text's vector, in order; texts run on whichever process is free. */
  embedEach(texts: readonly string[], role: 'query' | 'passage', onEach?: (index: number, vector: Float32Array) => void): Promise<Float32Array[]>;
  close(): Promise<void>;
}

const ReplySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ready') }),
  z.strictObject({ kind: z.literal('vector'), id: z.number().int(), vector: z.string() }),
  z.strictObject({ kind: z.literal('error'), id: z.number().int(), message: z.string() }),
]);

/** Processes a build may use here: one per core, at most `max`. */
export function poolSize(max = 4): number {
  return Math.max(1, Math.min(max, availableParallelism()));
}

const DEV = import.meta.url.endsWith('.ts');
const WORKER = fileURLToPath(new URL(DEV ? './worker.ts' : './worker.js', import.meta.url));

function decode(b64: string): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function start(config: EmbedderConfig): Promise<ChildProcess> {
  // Under tsx (development) the child needs tsx's loader; compiled, it is plain JavaScript.
  const child = fork(WORKER, [], { execArgv: DEV ? ['--import', 'tsx'] : [], serialization: 'json', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown): void => {
      const r = ReplySchema.safeParse(m);
      child.off('exit', onExit);
      if (r.success && r.data.kind === 'ready') resolve(child);
      else reject(new Error(r.success && r.data.kind === 'error' ? r.data.message : 'the embedding process did not start'));
    };
    const onExit = (code: number | null): void => {
      child.off('message', onMessage);
      reject(new Error(`the embedding process ended (${code ?? 'signal'}): ${stderr.trim().split('\n').pop() ?? ''}`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
    child.send({ kind: 'config', config });
  });
}

export async function createEmbedderPool(config: EmbedderConfig, size = poolSize()): Promise<EmbedderPool> {
  const started = await Promise.allSettled(Array.from({ length: size }, () => start(config)));
  const children = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    for (const c of children) c.kill();
    throw failed.reason;
  }
  return {
    size,
    async embedEach(texts, role, onEach) {
      const out = new Array<Float32Array>(texts.length);
      let next = 0;
      const run = (child: ChildProcess): Promise<void> =>
        new Promise((resolve, reject) => {
          const done = (e?: Error): void => {
            child.off('message', onMessage);
            child.off('exit', onExit);
            if (e) reject(e);
            else resolve();
          };
          const send = (): void => {
            if (next >= texts.length) return done();
            const id = next++;
            child.send({ kind: 'embed', id, text: texts[id], role });
          };
          const onMessage = (m: unknown): void => {
            const r = ReplySchema.safeParse(m);
            if (!r.success || r.data.kind === 'ready') return done(new Error('the embedding process sent an unexpected message'));
            if (r.data.kind === 'error') return done(new Error(r.data.message));
            const v = decode(r.data.vector);
            out[r.data.id] = v;
            onEach?.(r.data.id, v);
            send();
          };
          const onExit = (code: number | null): void => done(new Error(`an embedding process ended (${code ?? 'signal'}) during the build`));
          child.on('message', onMessage);
          child.once('exit', onExit);
          send();
        });
      await Promise.all(children.map(run));
      return out;
    },
    async close() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill();
            }),
        ),
      );
    },
  };
}
