/** Report ids: the closest known ids first, one line for an unknown one. */
import { describe, expect, it } from 'vitest';
import { closestReportIds, findReport, resolveReportId, UnknownReportError, unknownReportMessage } from '../../src/engine/reports.js';
import type { StoredReport } from '../../src/index/schema.js';

const report = (id: string, shortTitle: string): StoredReport => ({ meta: { id, shortTitle } }) as unknown as StoredReport;
const reports = [report('am-2021-parliamentary', 'Armenia 2021 parliamentary'), report('kz-2012-parliamentary-psopfc', 'Kazakhstan 2012 parliamentary'), report('kz-2019-presidential', 'Kazakhstan 2019 presidential')];

describe('report ids', () => {
  it('orders the known ids closest to what was typed first', () => {
    expect(closestReportIds(reports, 'kz-2019-presidental')[0]).toBe('kz-2019-presidential');
    expect(closestReportIds(reports, 'kz-2012')[0]).toBe('kz-2012-parliamentary-psopfc');
    expect(closestReportIds(reports, 'armenia')[0]).toBe('am-2021-parliamentary');
    expect(closestReportIds(reports, 'zzz').sort()).toEqual(reports.map((r) => r.meta.id).sort());
  });

  it('finds a report by id or short title, any case', () => {
    expect(findReport(reports, 'KZ-2019-PRESIDENTIAL')?.meta.id).toBe('kz-2019-presidential');
    expect(findReport(reports, ' armenia 2021 parliamentary ')?.meta.id).toBe('am-2021-parliamentary');
    expect(resolveReportId(reports, 'kz-2012-parliamentary-psopfc')).toBe('kz-2012-parliamentary-psopfc');
  });

  it('an unknown id throws one line naming every known id, closest first', () => {
    let error: unknown;
    try {
      resolveReportId(reports, 'kz-2019');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownReportError);
    const message = (error as Error).message;
    expect(message).toMatch(/^There is no report “kz-2019”\. Known report ids: kz-2019-presidential, /u);
    for (const r of reports) expect(message).toContain(r.meta.id);
    expect(message).not.toContain('\n');
    expect(unknownReportMessage('x', [])).toBe('There is no report “x”: no reports are indexed.');
  });
});
