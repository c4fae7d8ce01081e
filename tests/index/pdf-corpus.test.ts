/**
 * A PDF in corpus/ is the report's source of truth: the index is built from
 * the PDF's own Document, answers quote it verbatim (every quote an exact
 * substring of the Document text parsed from the PDF), citations give the
 * PDF's pages, and the index goes stale when the PDF changes.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { buildIndex } from '../../src/index/build.js';
import { staleness } from '../../src/index/store.js';
import { ROOT } from '../helpers/corpus.js';
import { defaultEmbedder } from '../helpers/engine.js';

describe('a corpus holding a PDF', () => {
  it('is indexed from the PDF, quoted verbatim from it, and goes stale when it changes', async () => {
    const work = mkdtempSync(join(tmpdir(), 'verbatim-pdf-corpus-'));
    const corpus = join(work, 'corpus');
    cpSync(`${ROOT}tests/fixtures/layouts/relayout.pdf`, join(corpus, 'kz-relayout.pdf'));
    const meta = JSON.parse(readFileSync(`${ROOT}corpus/kazakhstan-2012-parliamentary-preliminary-statement.meta.json`, 'utf8')) as Record<string, unknown>;
    writeFileSync(join(corpus, 'kz-relayout.meta.json'), JSON.stringify({ ...meta, id: 'kz-relayout' }));
    const embedder = await defaultEmbedder();
    const outDir = join(work, 'index');
    const result = await buildIndex({ corpusDir: corpus, outDir, embedder, cacheDir: null });
    expect(result.manifest.corpus.map((c) => c.file)).toEqual(['kz-relayout.pdf']);
    expect(result.manifest.counts).toMatchObject({ reports: 1, sections: 15, paragraphs: 63, footnotes: 46 });
    expect(result.warnings).toEqual([]);

    const engine = Engine.open({ indexDir: outDir, corpusDir: corpus, embedder });
    const doc = engine.report('kz-relayout')?.document;
    expect(doc?.pages).toBe(14);
    const { answer } = await engine.ask('How many international observers did the CEC accredit?');
    expect(answer.quotes.length).toBeGreaterThan(0);
    for (const q of answer.quotes) {
      const source = q.footnote !== null ? doc?.footnotes.find((f) => f.n === q.footnote)?.text : doc?.paragraphs.find((p) => p.id === q.paragraphId)?.text;
      expect(source).toContain(q.text);
      expect(q.page).toBeGreaterThanOrEqual(1);
      expect(q.page).toBeLessThanOrEqual(14);
    }

    expect(staleness(result.manifest, { corpusDir: corpus, embedder: null })).toEqual([]);
    const bytes = readFileSync(join(corpus, 'kz-relayout.pdf'));
    writeFileSync(join(corpus, 'kz-relayout.pdf'), Buffer.concat([bytes, Buffer.from('\n% a byte more\n')]));
    expect(staleness(result.manifest, { corpusDir: corpus, embedder: null })).toEqual(['kz-relayout.pdf changed since the index was built']);
  }, 120_000);
});
