import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentSchema } from '../../src/document/index.js';
import { REPORT_FILE } from '../helpers/corpus.js';
import { runScript } from '../helpers/run.js';

const dir = mkdtempSync(join(tmpdir(), 'verbatim-parse-'));

describe('npm run parse', () => {
  it('prints an outline with sections, paragraph counts, footnotes and warnings', () => {
    const r = runScript('parse', [REPORT_FILE]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Election Day\s+\d+ ¶/u);
    expect(r.stdout).toContain('[46] p. 12');
    expect(r.stdout).toMatch(/Warnings/u);
  });

  it('exits 0 with --strict on the source, which parses without a warning', () => {
    const r = runScript('parse', [REPORT_FILE, '--strict']);
    expect(r.stderr).not.toMatch(/warning/u);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Warnings: none');
  });

  it('prints the Document as JSON with --json', () => {
    const r = runScript('parse', [REPORT_FILE, '--json']);
    expect(r.status).toBe(0);
    const doc = DocumentSchema.parse(JSON.parse(r.stdout));
    expect(doc.footnotes).toHaveLength(46);
    expect(doc.paragraphs[0]).toHaveProperty('footnotes');
  });

  const bad: [string, string, RegExp][] = [
    ['a missing file', join(dir, 'nope.txt'), /not found/u],
    ['a directory', dir, /directory/u],
    ['an empty file', join(dir, 'empty.txt'), /empty/u],
    ['a binary file', join(dir, 'binary.txt'), /binary/u],
    ['a Latin-1 file', join(dir, 'latin1.txt'), /not UTF-8/u],
    ['a file with no headings', join(dir, 'plain.txt'), /no section headings/u],
  ];
  writeFileSync(join(dir, 'empty.txt'), '');
  writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x00]));
  writeFileSync(join(dir, 'latin1.txt'), Buffer.from('Caf\xe9 cr\xe8me and more text here.\n', 'latin1'));
  writeFileSync(join(dir, 'plain.txt'), 'just some words that run on and on without any heading at all, which is fine\nand then they continue here.\n');

  it.each(bad)('rejects %s with one line and exit code 2', (_label, file, message) => {
    const r = runScript('parse', [file]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /u);
  });
});
