/**
 * The text readers' own rules, each on a case built to break it: style
 * detection, furniture that a page lacks, footnotes matched by number across
 * the whole document, and hyphens at line ends.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compoundBreak, hyphenJoiner, restoreHyphens } from '../../src/document/assemble.js';
import type { BodyLine, LineModel } from '../../src/document/model.js';
import { parseReport } from '../../src/document/index.js';
import { detectTextStyle } from '../../src/document/text/detect.js';
import { rejoinAtMarkers } from '../../src/document/text/rejoin.js';
import { ROOT, readReport } from '../helpers/corpus.js';

const DIR = `${ROOT}tests/fixtures/layouts/`;
const headerText = readFileSync(`${DIR}relayout-header.pdftotext.txt`, 'utf8');

describe('text style detection', () => {
  it('tells form-fed pdftotext text from the source style', () => {
    expect(detectTextStyle(readReport())).toBe('source');
    expect(detectTextStyle(readFileSync(`${DIR}relayout.numbered-footnotes.txt`, 'utf8'))).toBe('source');
    for (const f of ['relayout.pdftotext.txt', 'relayout.pdftotext-layout.txt', 'relayout.pdftotext-raw.txt', 'relayout-header.pdftotext.txt']) {
      expect(detectTextStyle(readFileSync(`${DIR}${f}`, 'utf8')), f).toBe('paged');
    }
  });
});

describe('running headers in pdftotext text', () => {
  it('are dropped, and a page without the header the others have is warned about', () => {
    const clean = parseReport(headerText);
    expect(clean.warnings).toEqual([]);
    const pages = headerText.split('\f');
    // Page 7 loses its running header (the three title lines and "Page: 7").
    pages[6] = (pages[6] ?? '').replace(/^International Election Observation\n.*\n.*\n\nPage: 7\n/u, '');
    const doc = parseReport(pages.join('\f'));
    expect(doc.warnings).toContainEqual(expect.stringMatching(/^page 7: no running header found where \d+ other pages have one/u));
    expect(doc.paragraphs.map((p) => p.text).join(' ')).not.toMatch(/Page: \d/u);
  });
});

describe('footnotes matched by number across the document', () => {
  it('keeps a footnote whose marker is far from the window of the next numbers', () => {
    // Markers 21 and 22 lose their digits in the body: their footnotes stay footnotes, and 23 still pairs with its marker.
    const text = readFileSync(`${DIR}relayout.pdftotext.txt`, 'utf8').replace('belonged to Nur Otan.21', 'belonged to Nur Otan.').replace('stakeholders.22', 'stakeholders.');
    const doc = parseReport(text);
    expect(doc.footnotes.find((f) => f.n === 23)?.marker).not.toBeNull();
    expect(doc.footnotes.map((f) => f.n)).toEqual(Array.from({ length: 46 }, (_, i) => i + 1));
    for (const n of [21, 22]) {
      expect(doc.footnotes.find((f) => f.n === n)?.marker).toBeNull();
      expect(doc.warnings).toContain(`footnote ${n}: text found on page ${doc.footnotes.find((f) => f.n === n)?.page} but no marker in the body`);
    }
    expect(doc.paragraphs.map((p) => p.text).join(' ')).not.toContain('In Akmola, Almaty, East Kazakhstan');
  });
});

describe('footnote markers in the source style, matched by number across the document', () => {
  const original = parseReport(readReport());
  // Markers 21, 22 and 23 lose their digits: three numbers, past any window of the next few.
  const text = readReport().replace('belonged to Nur Otan.21', 'belonged to Nur Otan.').replace('stakeholders.22', 'stakeholders.').replace('not always clear.23', 'not always clear.');
  const doc = parseReport(text);

  it('still finds every marker after the lost ones, in the same sentences', () => {
    const marked = doc.paragraphs.flatMap((p) => p.markers.map((m) => m.n));
    expect(marked).toEqual(Array.from({ length: 46 }, (_, i) => i + 1).filter((n) => n < 21 || n > 23));
    for (const f of original.footnotes.filter((x) => x.n > 23)) {
      expect(doc.footnotes.find((x) => x.n === f.n)?.marker, `footnote ${f.n}`).toEqual(f.marker);
    }
  });

  it('numbers the page’s footnotes on from the last one, so the lost markers shift no footnote text', () => {
    expect(doc.footnotes.map((f) => [f.n, f.text])).toEqual(original.footnotes.map((f) => [f.n, f.text]));
    for (const n of [21, 22, 23]) {
      expect(doc.footnotes.find((f) => f.n === n)?.marker).toBeNull();
      expect(doc.warnings).toContain(`footnote ${n}: text found on page 5 but no marker in the body`);
    }
    expect(doc.warnings).toContainEqual(expect.stringMatching(/footnote markers 21–23 not found before marker 24$/u));
  });

  it('does not take a stray glued number far past the numbering as a marker', () => {
    // "Channel99" after the last marker (46) rises with the numbering, but the numbering does not go on to 100 from it: it is text.
    const stray = parseReport(readReport().replace('register these acts.46', 'register these acts.46 Channel99 was there.'));
    expect(stray.paragraphs.some((p) => p.text.includes('Channel99 was there.'))).toBe(true);
    expect(stray.footnotes.map((f) => [f.n, f.marker])).toEqual(original.footnotes.map((f) => [f.n, f.marker === null ? null : expect.anything()]));
    expect(stray.warnings).toEqual([]);
  });
});

describe('footnote numbers on lines of their own', () => {
  it('open their footnotes as "N text" lines do', () => {
    const reference = parseReport(readFileSync(`${DIR}relayout.pdftotext.txt`, 'utf8'));
    let text = readFileSync(`${DIR}relayout.pdftotext.txt`, 'utf8');
    // Every footnote's number moved onto a line of its own, as some extractions print them.
    for (const f of reference.footnotes) text = text.replace(`\n${f.n} ${f.text.slice(0, 25)}`, `\n${f.n}\n${f.text.slice(0, 25)}`);
    expect(text).not.toContain(`\n1 ${reference.footnotes[0]?.text.slice(0, 25) ?? ''}`);
    const doc = parseReport(text);
    expect(doc.footnotes.map((f) => [f.n, f.text])).toEqual(reference.footnotes.map((f) => [f.n, f.text]));
    expect(doc.paragraphs.map((p) => p.text)).toEqual(reference.paragraphs.map((p) => p.text));
    expect(doc.warnings).toEqual([]);
  });
});

describe('lines broken after a superscript', () => {
  // Body lines measured in characters; `$n` at a line end is marker n, as readers record it.
  const make = (texts: string[]): BodyLine[] =>
    texts.map((t, k) => {
      const m = /\$(\d+)$/u.exec(t);
      const text = m ? t.slice(0, m.index) : t;
      return { no: k + 1, page: 1, text, width: text.length, markers: m ? [{ n: Number(m[1]), col: text.length }] : [], blankBefore: false, pageStart: k === 0 };
    });
  // Full lines of 60 characters that wrap onto lower-case lines, to learn the measure from.
  const filler = Array.from({ length: 12 }, (_, k) => `${'word '.repeat(11)}line${String(k).padStart(2, '0')}`.slice(0, 60));
  const joined = (texts: string[]): string[] => rejoinAtMarkers(make([...filler, ...texts]), (t) => t.length).slice(filler.length).map((l) => l.text);

  it('are joined back where the second piece runs on but is short, though the first ends a sentence', () => {
    const texts = ['among journalists.$32', 'According to numerous parties, and', 'media representatives met with by observers, the lack of it'];
    expect(joined(texts)).toEqual(['among journalists. According to numerous parties, and', texts[2]]);
  });

  it('are joined back where the first piece ends mid-clause', () => {
    const texts = ['cycles. Despite legal restrictions$33', 'and the blocking of sites', 'by the authorities, the Internet increasingly displays some'];
    expect(joined(texts)).toEqual(['cycles. Despite legal restrictions and the blocking of sites', texts[2]]);
  });

  it('are left apart where the first ends a paragraph and the next is a full line of its own', () => {
    const texts = ['cases).$45', 'In 109 polling stations, observers were restricted from', 'from reviewing voter lists and from watching the count there'];
    expect(texts[1]?.length).toBeGreaterThan(0.9 * 60);
    expect(joined(texts)).toEqual(['cases).', texts[1], texts[2]]);
  });

  it('are left apart before a heading', () => {
    expect(joined(['the end of the section.$7', 'Election Day', 'Election day was calm throughout the country and quiet'])).toEqual(['the end of the section.', 'Election Day', 'Election day was calm throughout the country and quiet']);
  });
});

describe('list items in text without geometry', () => {
  const text = readFileSync(`${DIR}relayout.pdftotext.txt`, 'utf8');
  it('end at a semicolon before a line that opens a sentence, whatever the line widths', () => {
    const doc = parseReport(text);
    expect(doc.paragraphs.map((p) => p.text)).toContain('• Mr. Bogdan Torcatoriu, Secretary, Delegation of the PACE (+33 388 413 282);');
    expect(doc.paragraphs.some((p) => p.text.startsWith('OSCE/ODIHR Election Observation Mission:'))).toBe(true);
  });
  it('are the only place a semicolon ends a paragraph by itself', () => {
    // A full prose line made to end with a semicolon, before a capital: the paragraph runs on.
    const doc = parseReport(text.replace('handling of the situation in\nZhanaozen.31', 'handling of the situation;\nZhanaozen.31'));
    expect(doc.paragraphs.some((p) => p.text.includes('handling of the situation; Zhanaozen.'))).toBe(true);
  });
});

describe('hyphens pdftotext dropped', () => {
  const line = (no: number, text: string, pageStart = false): BodyLine => ({ no, page: 1, text, width: text.length, markers: [], blankBefore: false, pageStart });
  const FULL = 'the commissions were generally open to observers and the media during';
  const model = (body: BodyLine[], form = 'pdftotext'): LineModel => ({
    form, titleLines: [], body, footnotes: [], pages: 1, widthUnit: 'chars', warnings: [], source: { sha256: '', lines: body.length, chars: 0 },
  });
  const body = [
    line(1, FULL),
    line(2, `${FULL} the campaign, and the state-owned media covered it; on stateowned TV the`),
    line(3, 'coverage was balanced on state-owned TV and on a decisionmaking body which'),
    line(4, `${FULL} the decision-making of the CEC and the`),
    line(5, 'coverage of multiparty politics and of the multi-party system was'),
  ];
  it('come back where the word is written with its hyphen elsewhere, on a line pdftotext joined to the one above', () => {
    const out = restoreHyphens(model(body)).body.map((l) => l.text);
    expect(out[1]).toContain('on state-owned TV the');
    // On a line of the measure a joined word is the text's own.
    expect(out[2]).toContain('a decisionmaking body');
    expect(out[4]).toContain('multiparty politics');
  });
  it('stay away in the source style, in a PDF, and in text that still breaks words at line ends', () => {
    expect(restoreHyphens(model(body, 'source text')).body[1]?.text).toContain('stateowned');
    expect(restoreHyphens(model(body, 'pdf')).body[1]?.text).toContain('stateowned');
    expect(restoreHyphens(model([...body, line(6, 'a broken compound at the line end is non-'), line(7, 'voting')])).body[1]?.text).toContain('stateowned');
  });
  it('come back in a compound the text writes once, where it splits into two words, in lower case only', () => {
    const once = [
      line(1, FULL),
      line(2, `${FULL} an absence of wellreasoned decisions and of outof-country voting in`),
      line(3, `${FULL} Budapest and the nonregis- tration`),
    ];
    const out = restoreHyphens(model(once)).body.map((l) => l.text);
    expect(out[1]).toContain('an absence of well-reasoned decisions and of out-of-country voting in');
    // A name is no English word, and may split into words: it stays.
    expect(out[2]).toContain('Budapest');
  });
  it('are told by a split into two English words at one place only', () => {
    expect(compoundBreak('wellreasoned')).toBe(4);
    expect(compoundBreak('outof-country')).toBe(3);
    expect(compoundBreak('doorto-door')).toBe(4);
    // A joined form that is a word keeps no hyphen; a syllable break leaves a piece that is none.
    expect(compoundBreak('cooperative')).toBeNull();
    expect(compoundBreak('nonregistr')).toBeNull();
    expect(compoundBreak('state-owned')).toBeNull();
  });
  it('move the markers that stand after them', () => {
    const marked = { ...line(2, `${FULL} the campaign, and the state-owned media covered it; on stateowned TV the`), markers: [{ n: 4, col: 140 }] };
    const out = restoreHyphens(model([body[0] as BodyLine, marked, ...body.slice(2)])).body[1];
    expect(out?.markers[0]?.col).toBe(141);
  });
});

describe('hyphens at line ends', () => {
  const join = hyphenJoiner(['the non-voting members', 'a decisionmaking body and the decisionmaking process', 'state-owned media', 'a state-', 'owned channel']);
  it('drop only where the joined word occurs elsewhere, more often than the hyphenated one', () => {
    expect(join('a decision-', 'making body')).toBe('a decisionmaking body');
    expect(join('appoint non-', 'voting representatives')).toBe('appoint non-voting representatives');
    expect(join('on state-', 'owned TV')).toBe('on state-owned TV');
  });
  it('where the report has neither form, go when an English word list has the joined word, and stay when not', () => {
    expect(join('the administra-', 'tion of')).toBe('the administration of');
    expect(join('a pre-', 'election period')).toBe('a preelection period');
    expect(join('an Almaty-', 'based group')).toBe('an Almaty-based group');
  });
  it('go where neither piece is a word: a break at a syllable, in a name or a word the list lacks', () => {
    expect(join('the Zhana-', 'ozen events')).toBe('the Zhanaozen events');
    expect(join('Mik-', 'lós Haraszti')).toBe('Miklós Haraszti');
    expect(join('disproportional nonregis-', 'tration and')).toBe('disproportional nonregistration and');
    // Where a piece is a word, the hyphen is a compound's.
    expect(join('privately-', 'owned')).toBe('privately-owned');
  });
  it('join other lines with a space', () => {
    expect(join('the end.', 'Next')).toBe('the end. Next');
    expect(join('a dash -', 'Next')).toBe('a dash - Next');
  });

  it('keep a line-end hyphen before a capital, with no space: it is the compound’s own', () => {
    expect(join('the OSCE Chairperson-in-', 'Office')).toBe('the OSCE Chairperson-in-Office');
    expect(join('OSCE-', 'ODIHR')).toBe('OSCE-ODIHR');
  });
});

describe('footnote numbers pdftotext prints out of order', () => {
  const file = readFileSync(`${DIR}relayout.pdftotext.txt`, 'utf8');
  const reference = parseReport(file);
  // A page with three footnotes in a row whose texts open with their numbers.
  const first = reference.footnotes.find((f) => {
    const b = reference.footnotes.find((x) => x.n === f.n + 1);
    const c = reference.footnotes.find((x) => x.n === f.n + 2);
    return b && c && b.page === f.page && c.page === f.page && file.includes(`\n${b.n} ${b.text.slice(0, 30)}`);
  });
  const middle = reference.footnotes.find((x) => x.n === (first?.n ?? 0) + 1);

  it('keep every footnote where the middle one’s number comes after the block, on its own', () => {
    expect(first && middle).toBeTruthy();
    if (!first || !middle) return;
    const pages = file.split('\f');
    const k = pages.findIndex((p) => p.includes(`\n${middle.n} ${middle.text.slice(0, 30)}`));
    // The number leaves its footnote's first line and stands alone at the page's end, before the page number.
    const page = (pages[k] ?? '').replace(`\n${middle.n} ${middle.text.slice(0, 30)}`, `\n${middle.text.slice(0, 30)}`);
    const lines = page.trimEnd().split('\n');
    lines.splice(lines.length - 1, 0, String(middle.n), '');
    pages[k] = `${lines.join('\n')}\n`;
    const doc = parseReport(pages.join('\f'));
    expect(doc.footnotes.map((f) => [f.n, f.text])).toEqual(reference.footnotes.map((f) => [f.n, f.text]));
    expect(doc.warnings).toEqual([]);
  });

  it('leave a footnote line that starts with a later footnote’s number as text when that footnote opens further down', () => {
    if (!first || !middle) return;
    // The first footnote gains a line that starts with the third one's number, as a date can ("23 December …").
    const line = `${first.n + 2} December was the date.`;
    const text = file.replace(`\n${middle.n} ${middle.text.slice(0, 30)}`, `\n${line}\n${middle.n} ${middle.text.slice(0, 30)}`);
    const doc = parseReport(text);
    expect(doc.footnotes.find((f) => f.n === first.n)?.text).toBe(`${first.text} ${line}`);
    expect(doc.footnotes.filter((f) => f.n !== first.n).map((f) => [f.n, f.text])).toEqual(reference.footnotes.filter((f) => f.n !== first.n).map((f) => [f.n, f.text]));
  });
});

describe('a footnote continued on the next page', () => {
  const file = readFileSync(`${DIR}relayout.pdftotext.txt`, 'utf8');
  const reference = parseReport(file);
  // Footnote 33 runs from page 8's foot ("…including") to page 9, above its block: four lines there.
  const continuation =
    'forums and blogs, with media outlets, making them subject to existing criminal, civil and administrative\nlegislation. The law was criticized by the OSCE Representative on Freedom of the Media (RFoM), see\nhttp://www.osce.org/fom/51086.\n';

  it('is found where pdftotext prints it inside the body line above the block, joined to its broken last word', () => {
    expect(file).toContain(`advertising. Political\n${continuation}`);
    const pages = file.split('\f');
    const k = pages.findIndex((p) => p.includes(continuation));
    // "Polit-" over "ical": pdftotext joins the body's broken word to the continuation, and the next page opens on the rest.
    pages[k] = (pages[k] ?? '').replace(`advertising. Political\n${continuation}`, `advertising. Polit${continuation.replace(/\n(?!$)/gu, ' ')}`);
    pages[k + 1] = `ical ${pages[k + 1] ?? ''}`;
    const doc = parseReport(pages.join('\f'));
    expect(doc.footnotes.map((f) => [f.n, f.text])).toEqual(reference.footnotes.map((f) => [f.n, f.text]));
    expect(doc.paragraphs.map((p) => p.text)).toEqual(reference.paragraphs.map((p) => p.text));
    expect(doc.warnings).toEqual([]);
  });

  it('is warned about when it is nowhere and the footnote stops mid-clause', () => {
    const doc = parseReport(file.replace(continuation, ''));
    expect(doc.footnotes.find((f) => f.n === 33)?.text).toMatch(/including$/u);
    expect(doc.warnings).toContainEqual(expect.stringMatching(/^footnote 33 stops mid-sentence at the foot of page 8 and no continuation was found on page 9/u));
  });

  it('is not warned about where a footnote merely ends without a full stop', () => {
    expect(reference.footnotes.find((f) => f.n === 38)?.text).toMatch(/7 January$/u);
    expect(reference.warnings).toEqual([]);
  });
});
