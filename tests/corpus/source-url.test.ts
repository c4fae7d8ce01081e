/**
 * A report's sourceUrl: accepted only as an http(s) URL of at most 2,048
 * characters; optional, so older metadata stays valid; set with
 * `add-report --source-url`, or read from a PDF's own metadata; carried
 * through the index into the Engine.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportOf, typeset } from '../../src/bench/typeset.js';
import { addReport } from '../../src/corpus/add.js';
import { CorpusError, parseReportMeta, ReportMetaSchema } from '../../src/corpus/corpus.js';
import { MAX_SOURCE_URL_LENGTH, SourceUrlSchema, sourceUrlFromPdfMetadata } from '../../src/corpus/source-url.js';
import { parseReport, parseSourceWithMetadata } from '../../src/document/index.js';
import { StoredReportSchema } from '../../src/index/schema.js';
import { readReport, ROOT } from '../helpers/corpus.js';
import { runScript } from '../helpers/run.js';

const dir = mkdtempSync(join(tmpdir(), 'verbatim-source-url-'));
const committedMeta = (): Record<string, unknown> => JSON.parse(readFileSync(`${ROOT}corpus/kazakhstan-2012-parliamentary-preliminary-statement.meta.json`, 'utf8')) as Record<string, unknown>;
const URL_OK = 'https://www.example.org/odihr/kazakhstan-2012-preliminary.pdf';

describe('the sourceUrl field', () => {
  it('is optional: the committed metadata (without one) stays valid, and the index schema carries it when set', () => {
    const meta = parseReportMeta(committedMeta(), 'committed');
    expect(meta.sourceUrl).toBeUndefined();
    const withUrl = parseReportMeta({ ...committedMeta(), sourceUrl: URL_OK }, 'with url');
    expect(withUrl.sourceUrl).toBe(URL_OK);
    // documents.json validates each report's meta with the same schema: the field goes through.
    const document = parseReport(readReport());
    expect(StoredReportSchema.parse({ meta: withUrl, document }).meta.sourceUrl).toBe(URL_OK);
  });

  it.each([
    ['https', URL_OK, true],
    ['http', 'http://example.org/a.pdf', true],
    ['a query and a fragment', 'https://example.org/get?id=87597&lang=en#x', true],
    ['2,048 characters', `https://example.org/${'a'.repeat(MAX_SOURCE_URL_LENGTH - 20)}`, true],
    ['2,049 characters', `https://example.org/${'a'.repeat(MAX_SOURCE_URL_LENGTH - 19)}`, false],
    ['javascript:', 'javascript:alert(1)', false],
    ['ftp:', 'ftp://example.org/a.pdf', false],
    ['data:', 'data:application/pdf;base64,AAAA', false],
    ['a relative path', '/files/a.pdf', false],
    ['a user and password', 'https://user:secret@example.org/a.pdf', false],
    ['a space', 'https://example.org/a b.pdf', false],
    ['a line break', 'https://example.org/a\n[x](https://evil.example)', false],
    ['a zero-width character', 'https://example.org/a\u200b.pdf', false],
    ['empty', '', false],
  ])('%s: accepted = %s', (_what, url, ok) => {
    expect(SourceUrlSchema.safeParse(url).success).toBe(ok);
    expect(ReportMetaSchema.safeParse({ ...committedMeta(), sourceUrl: url }).success).toBe(ok);
  });

  it('a bad one is one line naming the file and the field', () => {
    // Dates that do not exist are refused as well as malformed ones.
    for (const electionDate of ['2012-13-45', '2012-02-30', '2012-1-5']) expect(() => parseReportMeta({ ...committedMeta(), electionDate }, 'corpus/x.meta.json'), electionDate).toThrow(/field "electionDate": must be a date/u);
    expect(parseReportMeta({ ...committedMeta(), electionDate: '2012-02-29' }, 'leap day').electionDate).toBe('2012-02-29');
    expect(() => parseReportMeta({ ...committedMeta(), sourceUrl: 'javascript:alert(1)' }, 'corpus/x.meta.json')).toThrow(
      new CorpusError('corpus/x.meta.json: field "sourceUrl": must be an absolute http:// or https:// URL without spaces, user name or password'),
    );
  });
});

describe("a PDF's own metadata", () => {
  it('gives the URL of a field that holds one URL, most specific field first; free text that mentions a URL does not count', () => {
    expect(sourceUrlFromPdfMetadata({ 'info:Title': 'Report', 'info:Subject': 'see https://example.org/other', 'info:Custom:SourceURL': URL_OK })).toBe(URL_OK);
    expect(sourceUrlFromPdfMetadata({ 'xmp:dc:source': 'https://example.org/xmp.pdf', 'info:Custom:URL': URL_OK })).toBe(URL_OK);
    expect(sourceUrlFromPdfMetadata({ 'xmp:dc:title': 'https://example.org/title', 'xmp:dc:source': 'https://example.org/xmp.pdf' })).toBe('https://example.org/xmp.pdf');
    expect(sourceUrlFromPdfMetadata({ 'info:Subject': 'https://example.org/subject', 'info:Title': 'https://example.org/title' })).toBeUndefined();
    expect(sourceUrlFromPdfMetadata({ 'info:Custom:SourceURL': 'javascript:alert(1)' })).toBeUndefined();
    expect(sourceUrlFromPdfMetadata({ 'info:Custom:SourceURL': 'https://example.org/a b' })).toBeUndefined();
    expect(sourceUrlFromPdfMetadata({})).toBeUndefined();
  });

  it('is read from the PDF by the extraction child, and add-report takes the sourceUrl from it; --source-url wins', async () => {
    const report = reportOf(parseReport(readReport()));
    const style = { page: [595, 842] as [number, number], margin: 72, bodySize: 11, footnoteSize: 9, paragraphs: 'spaced' as const, pageNumbers: 'footer' as const };
    const file = join(dir, 'with-url.pdf');
    writeFileSync(file, (await typeset(report, { ...style, info: { Title: 'Kazakhstan 2012', Subject: 'see https://example.org/not-this', SourceURL: URL_OK } })).pdf);
    const parsed = await parseSourceWithMetadata(new Uint8Array(readFileSync(file)), file);
    expect(parsed.pdfMetadata).toMatchObject({ 'info:Title': 'Kazakhstan 2012', 'info:Custom:SourceURL': URL_OK });

    const corpus = join(dir, 'corpus-pdf');
    mkdirSync(corpus);
    const fromPdf = await addReport({ file, corpusDir: corpus, title: 'From PDF', id: 'kz-from-pdf' });
    expect(fromPdf.meta.sourceUrl).toBe(URL_OK);
    expect(JSON.parse(readFileSync(fromPdf.metaPath, 'utf8'))).toMatchObject({ id: 'kz-from-pdf', sourceUrl: URL_OK });

    const given = await addReport({ file, corpusDir: corpus, title: 'From PDF', id: 'kz-from-pdf', replace: true, sourceUrl: 'https://example.org/given.pdf' });
    expect(given.meta.sourceUrl).toBe('https://example.org/given.pdf');

    const plain = join(dir, 'without-url.pdf');
    writeFileSync(plain, (await typeset(report, style)).pdf);
    mkdirSync(join(dir, 'corpus-plain'));
    const none = await addReport({ file: plain, corpusDir: join(dir, 'corpus-plain'), title: 'No URL', id: 'kz-no-url' });
    expect(none.meta.sourceUrl).toBeUndefined();
    expect(readFileSync(none.metaPath, 'utf8')).not.toContain('sourceUrl');
  }, 60_000);
});

describe('npm run add-report --source-url', () => {
  it('sets it, and refuses a bad one in one line with exit 2, writing nothing', () => {
    const work = mkdtempSync(join(dir, 'add-'));
    const corpus = join(work, 'corpus');
    cpSync(`${ROOT}corpus`, corpus, { recursive: true });
    const source = join(work, 'report.txt');
    writeFileSync(source, readReport());
    const env = { CORPUS_DIR: corpus, INDEX_DIR: join(work, 'index') };
    const before = readdirSync(corpus).sort();
    const bad = runScript('add-report', [source, '--title', 'Copy', '--id', 'kz-copy', '--no-build', '--source-url', 'https://example.org/a)[x](https://evil.example) b'], { env });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/field "sourceUrl": must be an absolute http:\/\/ or https:\/\/ URL/u);
    expect(readdirSync(corpus).sort()).toEqual(before);

    const ok = runScript('add-report', [source, '--title', 'Copy', '--id', 'kz-copy', '--no-build', '--source-url', URL_OK], { env });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).toContain(`source URL: ${URL_OK}`);
    expect(JSON.parse(readFileSync(join(corpus, 'report.meta.json'), 'utf8'))).toMatchObject({ id: 'kz-copy', sourceUrl: URL_OK });
  }, 60_000);
});
