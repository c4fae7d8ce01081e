/**
 * PDFs through the CLIs, as an admin uses them: `parse` reads a PDF and
 * prints its warnings (`--strict` exits 2 on any); `add-report` adds a PDF
 * to corpus/, refuses one whose footnotes do not resolve unless `--force`;
 * and each kind of bad PDF gets one clear line and exit 2, with corpus/ and
 * index/ left exactly as they were.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { DocumentSchema, MAX_PDF_BYTES, parseReport } from '../../src/document/index.js';
import { extractPdfInChild } from '../../src/document/pdf/run.js';
import { ROOT, readReport } from '../helpers/corpus.js';
import { runScript } from '../helpers/run.js';
import { reportOf, typeset } from '../../src/bench/typeset.js';

const dir = mkdtempSync(join(tmpdir(), 'verbatim-pdf-input-'));
const RELAYOUT = `${ROOT}tests/fixtures/layouts/relayout.pdf`;

function pdfkitFile(name: string, draw: (doc: PDFKit.PDFDocument) => void, options: PDFKit.PDFDocumentOptions = {}): Promise<string> {
  const doc = new PDFDocument({ size: 'LETTER', margin: 72, ...options });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const path = join(dir, name);
  const done = new Promise<string>((resolve) =>
    doc.on('end', () => {
      writeFileSync(path, Buffer.concat(chunks));
      resolve(path);
    }),
  );
  draw(doc);
  doc.end();
  return done;
}

/** A grey 200×200 PNG, as a scanner would give a page (no text layer). */
function png(): Buffer {
  const w = 200;
  const h = 200;
  const crc = (buf: Buffer): number => {
    let c = ~0;
    for (const b of buf) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  const rows = Buffer.alloc((w + 1) * h, 0x80);
  for (let y = 0; y < h; y++) rows[y * (w + 1)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const bad: Record<string, string> = {};
beforeAll(async () => {
  bad.encrypted = await pdfkitFile('encrypted.pdf', (d) => d.text('A protected report with some text on its page.'), { userPassword: 'secret', ownerPassword: 'owner' } as PDFKit.PDFDocumentOptions);
  bad.scanned = await pdfkitFile('scanned.pdf', (d) => {
    d.image(png(), 72, 72, { width: 400 });
    d.addPage().image(png(), 72, 72, { width: 400 });
  });
  const whole = readFileSync(RELAYOUT);
  bad.truncated = join(dir, 'truncated.pdf');
  writeFileSync(bad.truncated, whole.subarray(0, Math.floor(whole.length / 2)));
  bad.huge = join(dir, 'huge.pdf');
  writeFileSync(bad.huge, '%PDF-1.7\n');
  truncateSync(bad.huge, MAX_PDF_BYTES + 1024);
  bad.prose = await pdfkitFile('prose.pdf', (d) => {
    for (let k = 0; k < 6; k++) d.text('this page holds only running prose, without any headings, which is what a letter or a receipt looks like; it goes on and on in the same way. '.repeat(3));
  });
  bad.fake = join(dir, 'fake.pdf');
  writeFileSync(bad.fake, 'This is a text file named as a PDF.\n');
});

const cases: [string, RegExp][] = [
  ['encrypted', /encrypted \(password-protected\)/u],
  ['scanned', /no text layer: run OCR first/u],
  ['truncated', /truncated/u],
  ['huge', /over the 64(\.0)? MB limit/u],
  ['prose', /no section headings found/u],
  ['fake', /not a PDF/u],
];

function snapshot(folder: string): Record<string, string> {
  return Object.fromEntries(readdirSync(folder).sort().map((f) => [f, readFileSync(join(folder, f)).toString('base64')]));
}

describe('bad PDFs', () => {
  it.each(cases)('parse rejects a %s PDF with one line and exit 2', (name, message) => {
    const r = runScript('parse', [bad[name] ?? '']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /u);
  });

  it.each(cases)('add-report rejects a %s PDF and leaves corpus/ and index/ as they were', (name, message) => {
    const work = mkdtempSync(join(dir, `add-${name}-`));
    cpSync(`${ROOT}corpus`, join(work, 'corpus'), { recursive: true });
    cpSync(`${ROOT}index`, join(work, 'index'), { recursive: true });
    const before = [snapshot(join(work, 'corpus')), snapshot(join(work, 'index'))];
    const r = runScript('add-report', [bad[name] ?? '', '--title', 'Bad report'], { env: { CORPUS_DIR: join(work, 'corpus'), INDEX_DIR: join(work, 'index') } });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect([snapshot(join(work, 'corpus')), snapshot(join(work, 'index'))]).toEqual(before);
  });
});

describe('the PDF reader child', () => {
  it('is stopped at its time limit', async () => {
    await expect(extractPdfInChild(new Uint8Array(readFileSync(RELAYOUT)), 'slow.pdf', { timeoutMs: 50, maxHeapMb: 512 })).rejects.toThrow(/took longer than 0.05 s; it was stopped/u);
  });

  it('is stopped at its memory limit', async () => {
    await expect(extractPdfInChild(new Uint8Array(readFileSync(RELAYOUT)), 'big.pdf', { timeoutMs: 30_000, maxHeapMb: 4 })).rejects.toThrow(/big\.pdf: (reading the PDF needed more than 4 MB|the PDF reader failed)/u);
  });
});

describe('npm run parse on a PDF', () => {
  it('prints the outline of the PDF itself', () => {
    const r = runScript('parse', [RELAYOUT]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^14 pages · 15 sections · 63 paragraphs · 46 footnotes$/mu);
    expect(r.stdout).toContain('Warnings: none');
  });

  it('gives the Document as JSON, page numbers the PDF pages', () => {
    const r = runScript('parse', [RELAYOUT, '--json']);
    expect(r.status).toBe(0);
    const doc = DocumentSchema.parse(JSON.parse(r.stdout));
    expect(doc.pages).toBe(14);
    expect(doc.paragraphs.find((p) => p.section === 'Election Day')?.page).toBeGreaterThan(11);
  });

  it('prints warnings on stderr, and --strict exits 2 on them', async () => {
    const source = parseReport(readReport());
    const report = reportOf(source);
    report.footnotes.delete(3);
    const made = await typeset(report, { page: [612, 792], margin: 72, bodySize: 11, footnoteSize: 9, paragraphs: 'spaced', pageNumbers: 'footer' });
    const file = join(dir, 'missing-footnote.pdf');
    writeFileSync(file, made.pdf);
    const lax = runScript('parse', [file]);
    expect(lax.status).toBe(0);
    expect(lax.stderr).toMatch(/^warning: footnote 3: marker found in p\d+ but no footnote text$/mu);
    const strict = runScript('parse', [file, '--strict']);
    expect(strict.status).toBe(2);
    expect(strict.stderr).toMatch(/^error: 1 warning \(--strict\)$/mu);
    expect(runScript('parse', [RELAYOUT, '--strict']).status).toBe(0);
  }, 60_000);

  it('--compare prints the measurement table', () => {
    const r = runScript('parse', ['--compare', `${ROOT}corpus/kazakhstan-2012-parliamentary-preliminary-statement.txt`, RELAYOUT, `${ROOT}tests/fixtures/layouts/relayout.pdftotext.txt`]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/relayout\.pdf \| 15\/15 \| 46\/46 \| 46\/46 \| 100\.0%/u);
    expect(r.stdout).toMatch(/relayout\.pdftotext\.txt \| 15\/15 \| 46\/46 \| 46\/46 \|/u);
  });
});

describe('npm run add-report with a PDF', () => {
  it('adds the PDF itself to corpus/, beside its metadata', () => {
    const work = mkdtempSync(join(dir, 'add-pdf-'));
    cpSync(`${ROOT}corpus`, join(work, 'corpus'), { recursive: true });
    const r = runScript('add-report', [RELAYOUT, '--title', 'Kazakhstan 2012 (PDF)', '--id', 'kz-pdf', '--no-build', '--replace'], {
      env: { CORPUS_DIR: join(work, 'corpus'), INDEX_DIR: join(work, 'index') },
    });
    // The PDF and the source text are two forms of one report: same title block, so the ids clash only by choice.
    expect(r.stderr).toMatch(/parsed: 14 pages, 15 sections, 63 paragraphs, 46 footnotes/u);
    expect(r.status).toBe(0);
    expect(readFileSync(join(work, 'corpus', 'relayout.pdf')).equals(readFileSync(RELAYOUT))).toBe(true);
    expect(JSON.parse(readFileSync(join(work, 'corpus', 'relayout.meta.json'), 'utf8'))).toMatchObject({ id: 'kz-pdf', country: 'Kazakhstan', electionDate: '2012-01-15' });
  });

  it('refuses a report whose footnotes do not all resolve, unless --force', async () => {
    const work = mkdtempSync(join(dir, 'add-force-'));
    cpSync(`${ROOT}corpus`, join(work, 'corpus'), { recursive: true });
    const before = snapshot(join(work, 'corpus'));
    const report = reportOf(parseReport(readReport()));
    report.footnotes.delete(12);
    const file = join(dir, 'unresolved.pdf');
    writeFileSync(file, (await typeset(report, { page: [612, 792], margin: 72, bodySize: 11, footnoteSize: 9, paragraphs: 'spaced', pageNumbers: 'footer' })).pdf);
    const env = { CORPUS_DIR: join(work, 'corpus'), INDEX_DIR: join(work, 'index') };
    const refused = runScript('add-report', [file, '--title', 'Unresolved', '--id', 'kz-unresolved', '--no-build'], { env });
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/footnotes do not all resolve \(markers without footnote text: 12\)/u);
    expect(snapshot(join(work, 'corpus'))).toEqual(before);
    const forced = runScript('add-report', [file, '--title', 'Unresolved', '--id', 'kz-unresolved', '--no-build', '--force'], { env });
    expect(forced.status).toBe(0);
    expect(forced.stderr).toMatch(/^warning: footnote 12: marker found/mu);
    expect(readdirSync(join(work, 'corpus'))).toContain('unresolved.pdf');
  }, 60_000);
});
