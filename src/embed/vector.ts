/**
 * Small vector helpers shared by the embedding backends.
 */

/**
 * Copies `values` into a new Float32Array scaled to unit L2 norm. The norm is
 * accumulated in float64. Throws when the length is not `dimensions` or the
 * vector has no direction (all zeros, NaN, Infinity): such a vector cannot be
 * compared by cosine and would poison an index.
 */
export function toUnitVector(values: ArrayLike<number>, dimensions: number, source: string): Float32Array {
  if (values.length !== dimensions) {
    throw new Error(`${source} returned a ${values.length}-d vector, expected ${dimensions}-d`);
  }
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    sumSquares += v * v;
  }
  const norm = Math.sqrt(sumSquares);
  if (!Number.isFinite(norm) || norm === 0) {
    throw new Error(`${source} returned a vector that cannot be normalised (norm ${norm})`);
  }
  const out = new Float32Array(dimensions);
  for (let i = 0; i < dimensions; i++) out[i] = (values[i] as number) / norm;
  return out;
}

/** Dot product; equals cosine similarity for unit vectors. */
export function dot(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`dot: length mismatch ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** Splits `items` into consecutive slices of at most `size` items. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`batch size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
