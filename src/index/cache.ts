/**
 * Embedding cache: vectors keyed by sha256(embedder id, text), so a rebuild
 * embeds only texts it has not seen. Vectors are kept as the index keeps
 * them, in half precision (float16 bit patterns, see vectors.ts): a cold and
 * a warm build then write the same bytes, and the cache is half the size.
 * One file per embedder under the cache folder; each record is
 * [32-byte key][4-byte checksum][dims × float16]. A record whose checksum or
 * values are wrong is dropped and recomputed, never trusted. Writes go to a
 * temporary file renamed into place.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface EmbeddingCacheStats {
  loaded: number;
  corrupt: number;
}

export class EmbeddingCache {
  private readonly entries = new Map<string, Uint16Array>();
  private dirty = false;
  readonly file: string;
  readonly stats: EmbeddingCacheStats = { loaded: 0, corrupt: 0 };

  constructor(
    dir: string,
    private readonly embedderId: string,
    private readonly dims: number,
  ) {
    this.file = join(dir, `${createHash('sha256').update(embedderId).digest('hex').slice(0, 16)}-${dims}-f16.bin`);
    this.load();
  }

  key(text: string): string {
    return createHash('sha256').update(this.embedderId).update('\u0000').update(text).digest('hex');
  }

  /** The text's vector as float16 bit patterns, if cached. */
  get(text: string): Uint16Array | undefined {
    return this.entries.get(this.key(text));
  }

  /** Caches the text's vector, given as float16 bit patterns. */
  set(text: string, vector: Uint16Array): void {
    if (vector.length !== this.dims) return;
    this.entries.set(this.key(text), vector);
    this.dirty = true;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Keeps only the given texts' entries (call before save to stop the cache growing without bound). */
  retain(texts: Iterable<string>): void {
    const keep = new Set([...texts].map((t) => this.key(t)));
    for (const k of [...this.entries.keys()]) {
      if (!keep.has(k)) {
        this.entries.delete(k);
        this.dirty = true;
      }
    }
  }

  save(): void {
    if (!this.dirty) return;
    const recordSize = 36 + this.dims * 2;
    mkdirSync(join(this.file, '..'), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    // Written a slice of records at a time, so saving never holds a second copy of the cache.
    const perSlice = 1024;
    const slice = Buffer.alloc(perSlice * recordSize);
    const fd = openSync(tmp, 'w');
    try {
      let at = 0;
      for (const [key, vec] of [...this.entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        Buffer.from(key, 'hex').copy(slice, at);
        const bytes = Buffer.from(vec.buffer, vec.byteOffset, vec.byteLength);
        createHash('sha256').update(bytes).digest().copy(slice, at + 32, 0, 4);
        bytes.copy(slice, at + 36);
        at += recordSize;
        if (at === slice.length) {
          writeSync(fd, slice, 0, at);
          at = 0;
        }
      }
      if (at > 0) writeSync(fd, slice, 0, at);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
    this.dirty = false;
  }

  private load(): void {
    if (!existsSync(this.file)) return;
    let buf: Buffer;
    try {
      buf = readFileSync(this.file);
    } catch {
      return;
    }
    const recordSize = 36 + this.dims * 2;
    // Vectors are views on the file's buffer (records keep them 2-byte aligned), not copies: the cache holds one copy of its vectors.
    const aligned = buf.byteOffset % 2 === 0;
    for (let at = 0; at + recordSize <= buf.length; at += recordSize) {
      const key = buf.subarray(at, at + 32).toString('hex');
      const sum = buf.subarray(at + 32, at + 36);
      const bytes = buf.subarray(at + 36, at + recordSize);
      const ok = createHash('sha256').update(bytes).digest().subarray(0, 4).equals(sum);
      const vec = aligned ? new Uint16Array(bytes.buffer, bytes.byteOffset, this.dims) : new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      if (!ok || !vec.every(isFiniteHalf)) {
        this.stats.corrupt++;
        this.dirty = true;
        continue;
      }
      this.entries.set(key, vec);
      this.stats.loaded++;
    }
    if (buf.length % recordSize !== 0) {
      this.stats.corrupt++;
      this.dirty = true;
    }
  }
}

/** Whether float16 bits hold a finite number (exponent bits not all ones). */
function isFiniteHalf(bits: number): boolean {
  return (bits & 0x7c00) !== 0x7c00;
}
