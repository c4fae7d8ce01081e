/** One embedding process of pool.ts: loads the model it is sent the config of, then embeds one text per message. */
import { z } from 'zod';
import { createEmbedder, EmbedderConfigSchema } from './index.js';
import type { Embedder } from './types.js';

const MessageSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('config'), config: EmbedderConfigSchema }),
  z.strictObject({ kind: z.literal('embed'), id: z.number().int().nonnegative(), text: z.string(), role: z.enum(['query', 'passage']) }),
]);

if (!process.send) throw new Error('embed/worker.ts runs as a child process of embed/pool.ts');
const send = (m: unknown): void => void process.send?.(m);
let embedder: Embedder | null = null;
process.on('disconnect', () => process.exit(0));
process.on('message', (raw: unknown) => {
  const m = MessageSchema.safeParse(raw);
  if (!m.success) return send({ kind: 'error', id: -1, message: 'the embedding process got a malformed message' });
  const msg = m.data;
  if (msg.kind === 'config') {
    createEmbedder(msg.config).then(
      (e) => {
        embedder = e;
        send({ kind: 'ready' });
      },
      (e: unknown) => send({ kind: 'error', id: -1, message: e instanceof Error ? e.message : String(e) }),
    );
    return;
  }
  if (!embedder) return send({ kind: 'error', id: msg.id, message: 'the embedding process has no model yet' });
  embedder.embed([msg.text], msg.role).then(
    ([v]) => send(v ? { kind: 'vector', id: msg.id, vector: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') } : { kind: 'error', id: msg.id, message: 'no vector' }),
    (e: unknown) => send({ kind: 'error', id: msg.id, message: e instanceof Error ? e.message : String(e) }),
  );
});
