/** `npm run reports` lists the indexed reports; `npm run ask -- --report <unknown>` is one line naming the known ids, exit 2. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listReports, type ReportSummary } from '../../src/engine/reports.js';
import { loadIndex } from '../../src/index/store.js';
import { ROOT } from '../helpers/corpus.js';
import { runScript } from '../helpers/run.js';

const expected = listReports(loadIndex(`${ROOT}index`).reports);
const ID = 'kz-2012-parliamentary-psopfc';

describe('npm run reports', () => {
  it('prints a header and one line per report: id, election date, sections, footnotes, warnings, short title', () => {
    const r = runScript('reports', []);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [header, ...rows] = r.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID +ELECTION +SECTIONS +FOOTNOTES +WARNINGS +TITLE$/u);
    expect(rows).toHaveLength(expected.length);
    const kz = expected.find((x) => x.id === ID);
    if (!kz) throw new Error('the committed index should hold the Kazakhstan report');
    expect(rows[0]?.split(/ {2,}/u)).toEqual([ID, '2012-01-15', String(kz.sections), String(kz.footnotes), String(kz.warnings), 'Kazakhstan 2012 parliamentary – preliminary statement']);
  });

  it('--json prints the same list as data', () => {
    const r = runScript('reports', ['--json']);
    expect(r.status).toBe(0);
    const list = JSON.parse(r.stdout) as ReportSummary[];
    expect(list).toEqual(expected);
    expect(list[0]).toMatchObject({ id: ID, electionDate: '2012-01-15', language: 'en', warnings: 0 });
    expect(list[0]?.sections).toBeGreaterThan(5);
    expect(list[0]?.footnotes).toBeGreaterThan(20);
  });

  it('without an index: one line, exit 2', () => {
    const r = runScript('reports', [], { env: { INDEX_DIR: join(tmpdir(), 'verbatim-no-index-here') } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: no index at .*npm run build-index/u);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });
});

describe('npm run ask -- --report', () => {
  it('an unknown id is one line naming the known ids, closest first, and exit 2 (it used to "not answer" and exit 0)', () => {
    const r = runScript('ask', ['--report', 'kz-2012-parlamentary', 'How many polling stations were observed?']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: There is no report “kz-2012-parlamentary”. Known report id: ${ID}.\n`);
  });

  it('a known id or short title answers from that report', () => {
    const r = runScript('ask', ['--json', '--report', 'Kazakhstan 2012 parliamentary – preliminary statement', 'How many polling stations were observed?']);
    expect(r.status).toBe(0);
    const answer = JSON.parse(r.stdout) as { answered: boolean; quotes: { document: string }[] };
    expect(answer.answered).toBe(true);
    for (const q of answer.quotes) expect(q.document).toBe(ID);
  });
});
