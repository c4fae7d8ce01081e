import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileExistsError, writeFileAtomic } from '../../src/files/write.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'verbatim-write-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('a folder that is not there is reported with the file asked for, not the hidden temporary beside it', () => {
    const path = join(dir, 'missing', 'out.json');
    expect(() => writeFileAtomic(path, 'x', { replace: false })).toThrow(expect.objectContaining({ code: 'ENOENT', path }));
  });

  it('replace: false writes a new file whole, with its mode, and leaves no temporary file', () => {
    const path = join(dir, 'secret');
    writeFileAtomic(path, 'abc\n', { replace: false, mode: 0o600 });
    expect(readFileSync(path, 'utf8')).toBe('abc\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['secret']);
  });

  it('replace: false never overwrites: FileExistsError, the file as it was, no temporary file left', () => {
    const path = join(dir, 'export.json');
    writeFileSync(path, 'mine');
    expect(() => writeFileAtomic(path, 'theirs', { replace: false })).toThrow(FileExistsError);
    expect(readFileSync(path, 'utf8')).toBe('mine');
    expect(readdirSync(dir)).toEqual(['export.json']);
  });

  it('replace: true puts the new text in place in one step', () => {
    const path = join(dir, 'settings.json');
    writeFileSync(path, '{"old":true}');
    writeFileAtomic(path, '{"new":true}\n', { replace: true });
    expect(readFileSync(path, 'utf8')).toBe('{"new":true}\n');
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('a folder where the file should be: the error, and nothing left behind', () => {
    const path = join(dir, 'taken');
    mkdirSync(path);
    // rename(2) of a file over a folder fails (EISDIR); the temporary file is removed.
    expect(() => writeFileAtomic(path, 'text', { replace: true })).toThrow(/EISDIR/u);
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});
