/** Latency summaries for the benchmark. */
export interface Summary {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0 };
}

export function formatSummary(label: string, s: Summary, unit = 'ms'): string {
  const f = (x: number): string => (unit === 'ms' ? x.toFixed(1) : x.toFixed(2));
  return `| ${label} | ${s.n} | ${f(s.p50)} | ${f(s.p95)} | ${f(s.max)} | ${unit} |`;
}
