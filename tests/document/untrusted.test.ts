/**
 * Files in corpus/ are untrusted: odd or hostile reports get a clear error or
 * a sensible parse, never a hang. Each runs `npm run parse` in a child process
 * whose time limit is set here, in the harness: a hang is killed and fails.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReport } from '../helpers/corpus.js';
import { runScript } from '../helpers/run.js';

const dir = mkdtempSync(join(tmpdir(), 'verbatim-untrusted-'));
const report = readReport();
const HARNESS_LIMIT_MS = 90_000;

function parse(name: string, content: string | Buffer): { status: number | null; stdout: string; stderr: string } {
  const file = join(dir, name);
  writeFileSync(file, content);
  return runScript('parse', [file, '--json'], { timeout: HARNESS_LIMIT_MS });
}

describe('untrusted report files', () => {
  it('parses a report with no footnotes', () => {
    const lines = report.split('\n');
    // Keep the title block and the body up to the first footnote marker's page; drop every marker digit.
    const body = lines.slice(0, 90).join('\n').replace(/(?<=[\p{L}).,”’])\d{1,2}(?=\s|$)/gu, '');
    const r = parse('no-footnotes.txt', `${body}\n`);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { footnotes: unknown[]; sections: unknown[]; paragraphs: unknown[] };
    expect(doc.footnotes).toEqual([]);
    expect(doc.sections.length).toBeGreaterThan(0);
    expect(doc.paragraphs.length).toBeGreaterThan(5);
  });

  it('rejects a report with no headings, in one line', () => {
    const prose = report
      .split('\n')
      .filter((l) => l.length > 60)
      .join('\n');
    const r = parse('no-headings.txt', prose);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^error: \S*no-headings\.txt: no section headings found/u);
  });

  it('copes with an extremely long line', () => {
    const r = parse('long-line.txt', `${report}\n${'word '.repeat(400_000)}\n`);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { footnotes: unknown[] }).footnotes).toHaveLength(46);
  });

  it('rejects a file that is not UTF-8, in one line', () => {
    const r = parse('latin1.txt', Buffer.from(report.replaceAll('’', "'").replaceAll('–', '-').replaceAll('“', '"').replaceAll('”', '"').replaceAll('‘', "'").replace('João', 'Jo\u00e3o'), 'latin1'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not UTF-8/u);
  });

  it('parses a file just under the 8 MB limit within the harness limit', () => {
    const big = report.repeat(Math.floor((8 * 1024 * 1024) / Buffer.byteLength(report)));
    const r = parse('big.txt', big);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { paragraphs: unknown[]; warnings: string[] };
    expect(doc.paragraphs.length).toBeGreaterThan(1000);
  }, HARNESS_LIMIT_MS + 10_000);

  it('rejects a file over the size limit without reading it all', () => {
    const r = parse('huge.txt', Buffer.alloc(9 * 1024 * 1024, 'a'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/huge\.txt: report is 9\.0 MB, over the 8\.0 MB limit/u);
  });
});
