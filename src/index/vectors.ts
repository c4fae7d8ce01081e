/**
 * Sentence vectors as the index stores them: each distinct vector once, in
 * IEEE half precision, and a table from sentence row to vector.
 *
 * Why: a corpus repeats itself (a final report quotes its preliminary
 * statement, methodology paragraphs recur from mission to mission), and
 * sentence vectors are only ever used in dot products whose ranking half
 * precision does not change (relative error ≤ 2⁻¹¹ per component). At 200
 * reports this is ~20 MB instead of ~140 MB, on disk, in the build and in
 * the bot. Files (platform byte order, as all index binaries):
 *
 *   sentence-rows.u32     uint32 per sentence row: its vector's number
 *   sentence-vectors.f16  float16 × dims per distinct vector, row-major
 */
import { getFloat16, setFloat16 } from '@petamoriken/float16';

/** Every float16 bit pattern's value, for reading without per-element conversion. */
let table: Float32Array | null = null;
function halfTable(): Float32Array {
  if (table) return table;
  const view = new DataView(new ArrayBuffer(2));
  table = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits++) {
    view.setUint16(0, bits, true);
    table[bits] = getFloat16(view, 0, true);
  }
  return table;
}

const scratch = new DataView(new ArrayBuffer(2));

/** Writes `v` as float16 bit patterns (rounded to nearest even, as IEEE 754) into `out` from `at`. */
export function writeHalf(v: ArrayLike<number>, out: Uint16Array, at: number): void {
  for (let i = 0; i < v.length; i++) {
    setFloat16(scratch, 0, v[i] as number, true);
    out[at + i] = scratch.getUint16(0, true);
  }
}

export class SentenceVectors {
  private readonly half = halfTable();

  /**
   * @param dims    vector length
   * @param rows    sentence row → vector number
   * @param vectors float16 bit patterns, `dims` per vector
   */
  constructor(
    readonly dims: number,
    readonly rows: Uint32Array,
    readonly vectors: Uint16Array,
  ) {
    if (dims <= 0 || vectors.length % dims !== 0) throw new RangeError(`sentence vectors: ${vectors.length} values are not a whole number of ${dims}-d vectors`);
    const count = vectors.length / dims;
    for (const v of rows) if (v >= count) throw new RangeError(`sentence vectors: a row names vector ${v} of ${count}`);
  }

  /** Number of sentence rows. */
  get size(): number {
    return this.rows.length;
  }

  /** Number of distinct vectors stored. */
  get distinct(): number {
    return this.vectors.length / this.dims;
  }

  /** Dot product of `q` with sentence `row`'s vector (its cosine, for a unit `q`). */
  dot(q: Float32Array, row: number): number {
    const { dims, half, vectors } = this;
    const at = this.offset(row);
    let dot = 0;
    for (let d = 0; d < dims; d++) dot += (q[d] as number) * (half[vectors[at + d] as number] as number);
    return dot;
  }

  /** Adds `weight` × sentence `row`'s vector to `sum`. */
  addTo(sum: Float64Array, row: number, weight = 1): void {
    const { dims, half, vectors } = this;
    const at = this.offset(row);
    for (let d = 0; d < dims; d++) sum[d] = (sum[d] as number) + weight * (half[vectors[at + d] as number] as number);
  }

  /** Sentence `row`'s vector, as stored (rounded to half precision). */
  vector(row: number): Float32Array {
    const out = new Float32Array(this.dims);
    const at = this.offset(row);
    for (let d = 0; d < this.dims; d++) out[d] = this.half[this.vectors[at + d] as number] as number;
    return out;
  }

  /** Sentence `row`'s vector as stored: float16 bit patterns (a copy). */
  halfBits(row: number): Uint16Array {
    const at = this.offset(row);
    return this.vectors.slice(at, at + this.dims);
  }

  private offset(row: number): number {
    const v = this.rows[row];
    if (v === undefined) throw new RangeError(`sentence vectors: no row ${row} of ${this.rows.length}`);
    return v * this.dims;
  }
}
