/**
 * Embedding cache: vectors keyed by sha256(embedder fingerprint, text), so a
 * rebuild embeds only texts it has not seen. The fingerprint (embed/
 * fingerprint.ts) covers everything that changes a vector: model, weights,
 * pooling, normalisation, prefixes, dimensions. Vectors are kept as the index keeps
 * them, in half precision (float16 bit patterns, see vectors.ts): a cold and
 * a warm build then write the same bytes, and the cache is half the size.
 * One file per fingerprint under the cache folder; each record is
 * [32-byte key][4-byte checksum][dims × float16], the checksum taken over the
 * key and the vector together, so a record moved under another key fails it.
 * A record whose checksum or values are wrong is dropped and recomputed,
 * never trusted. Writes go to a
 * temporary file renamed into place.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureDir } from '../files/dirs.js';
import { fingerprintKey, type EmbedderFingerprint } from '../embed/fingerprint.js';

export interface EmbeddingCacheStats {
  loaded: number;
  corrupt: number;
}

export class EmbeddingCache {
  private readonly entries = new Map<string, Uint16Array>();
  private dirty = false;
  readonly file: string;
  readonly stats: EmbeddingCacheStats = { loaded: 0, corrupt: 0 };

  private readonly fingerprint: string;
  private readonly dims: number;

  constructor(dir: string, fingerprint: EmbedderFingerprint) {
    this.fingerprint = fingerprintKey(fingerprint);
    this.dims = fingerprint.dimensions;
    this.file = join(dir, `${this.fingerprint.slice(0, 16)}-${this.dims}-f16.bin`);
    this.load();
  }

  key(text: string): string {
    return createHash('sha256').update(this.fingerprint).update('\u0000').update(text).digest('hex');
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
    ensureDir(dirname(this.file));
    const tmp = `${this.file}.${process.pid}.tmp`;
    // Written a slice of records at a time, so saving never holds a second copy of the cache.
    const perSlice = 1024;
    const slice = Buffer.alloc(perSlice * recordSize);
    const fd = openSync(tmp, 'w');
    try {
      try {
        let at = 0;
        for (const [key, vec] of [...this.entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
          const keyBytes = Buffer.from(key, 'hex');
          keyBytes.copy(slice, at);
          const bytes = Buffer.from(vec.buffer, vec.byteOffset, vec.byteLength);
          checksum(keyBytes, bytes).copy(slice, at + 32, 0, 4);
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
    } catch (e) {
      rmSync(tmp, { force: true }); // a failed save leaves the previous cache file as it was
      throw e;
    }
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
      const keyBytes = buf.subarray(at, at + 32);
      const key = keyBytes.toString('hex');
      const sum = buf.subarray(at + 32, at + 36);
      const bytes = buf.subarray(at + 36, at + recordSize);
      const ok = checksum(keyBytes, bytes).subarray(0, 4).equals(sum);
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

/** A record's checksum: over its key and its vector, so neither can be swapped for another record's. */
function checksum(key: Uint8Array, vector: Uint8Array): Buffer {
  return createHash('sha256').update(key).update(vector).digest();
}

/** Whether float16 bits hold a finite number (exponent bits not all ones). */
function isFiniteHalf(bits: number): boolean {
  return (bits & 0x7c00) !== 0x7c00;
}
