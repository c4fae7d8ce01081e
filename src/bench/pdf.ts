/**
 * npm run bench -- --pdf: how long reading a PDF takes, child process and
 * all, against the targets (a 15-page report under 2 s, a 200-page one under
 * 20 s). The 200-page PDF is typeset here from the corpus report's content,
 * repeated with fresh footnote numbers.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../corpus/corpus.js';
import { parseSource } from '../document/index.js';
import type { ConfigOf } from '../config/config.js';
import { reportOf, typeset, type Block, type Report } from './typeset.js';

const FIXTURE = fileURLToPath(new URL('../../tests/fixtures/layouts/relayout.pdf', import.meta.url));

async function timeParse(bytes: Uint8Array, label: string): Promise<{ seconds: number; pages: number; footnotes: number; warnings: number }> {
  const t = performance.now();
  const doc = await parseSource(bytes, label);
  return { seconds: (performance.now() - t) / 1000, pages: doc.pages, footnotes: doc.footnotes.length, warnings: doc.warnings.length };
}

/** The report's blocks `times` over, footnotes renumbered, headings made unique. */
function repeated(report: Report, times: number): Report {
  const blocks: Block[] = [];
  const footnotes = new Map<number, string>();
  let base = 0;
  for (let k = 0; k < times; k++) {
    for (const b of report.blocks) {
      if (b.kind === 'heading') blocks.push({ ...b, text: b.level === 1 ? `${b.text} ${'I'.repeat((k % 3) + 1)}` : b.text });
      else blocks.push({ ...b, markers: b.markers.map((m) => ({ ...m, n: m.n + base })) });
    }
    for (const [n, t] of report.footnotes) footnotes.set(n + base, t);
    base += report.footnotes.size;
  }
  return { titleLines: report.titleLines, blocks, footnotes };
}

export async function benchPdf(config: ConfigOf<'data' | 'embedder'>, runs: number): Promise<void> {
  const say = (s: string): void => void process.stdout.write(`${s}\n`);
  const small = new Uint8Array(readFileSync(FIXTURE));
  const times: number[] = [];
  let info = { pages: 0, footnotes: 0, warnings: 0 };
  for (let r = 0; r < runs; r++) {
    const m = await timeParse(small, 'relayout.pdf');
    times.push(m.seconds);
    info = m;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  const worst = times[times.length - 1] ?? 0;
  say(`relayout.pdf (${info.pages} pages, ${info.footnotes} footnotes): median ${median.toFixed(2)} s, worst ${worst.toFixed(2)} s over ${runs} runs — ${worst < 2 ? 'PASS' : 'MISS'} (< 2 s)`);

  const base = loadCorpus(config.corpusDir)[0];
  if (!base) throw new Error(`${config.corpusDir}: no report to typeset`);
  const source = await parseSource(base.bytes, base.file);
  const report = reportOf(source);
  let big = await typeset(repeated(report, 15), { page: [612, 792], margin: 72, bodySize: 11, footnoteSize: 9, paragraphs: 'spaced', pageNumbers: 'footer', header: ['Benchmark report'] });
  for (let times = 16; big.pages < 200; times++) big = await typeset(repeated(report, times), { page: [612, 792], margin: 72, bodySize: 11, footnoteSize: 9, paragraphs: 'spaced', pageNumbers: 'footer', header: ['Benchmark report'] });
  const m = await timeParse(new Uint8Array(big.pdf), 'big.pdf');
  say(`a ${m.pages}-page PDF (${(big.pdf.length / 1048576).toFixed(1)} MB, ${m.footnotes} footnotes, ${m.warnings} warnings): ${m.seconds.toFixed(2)} s — ${m.seconds < 20 ? 'PASS' : 'MISS'} (< 20 s)`);
}
