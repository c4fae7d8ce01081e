import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/document/index.js';
import { findMarkers, headingShape } from '../../src/document/lines.js';

const split = (t: string): string[] => splitSentences(t).map((s) => t.slice(s.start, s.end));

describe('sentence splitting', () => {
  it('keeps numbers, abbreviations and initials inside sentences', () => {
    expect(split('This contradicts Paragraph 7.2 of the Document. Turnout was 68.4 per cent.')).toEqual([
      'This contradicts Paragraph 7.2 of the Document.',
      'Turnout was 68.4 per cent.',
    ]);
    expect(split('Mr. Jens Hagen spoke, see No. 5 and e.g. J. Smith. Then it ended.')).toEqual([
      'Mr. Jens Hagen spoke, see No. 5 and e.g. J. Smith.',
      'Then it ended.',
    ]);
  });
  it('splits after closing quotes and brackets', () => {
    expect(split('It said “all seats.” Next one (really.) And more')).toEqual(['It said “all seats.”', 'Next one (really.)', 'And more']);
  });
});

describe('footnote markers', () => {
  it('finds markers glued to words and punctuation, in sequence', () => {
    expect(findMarkers('the Majilis (lower parliamentary chamber).1 They cited', 1)).toEqual({
      text: 'the Majilis (lower parliamentary chamber). They cited',
      markers: [{ n: 1, col: 42 }],
    });
    expect(findMarkers('16 Regional Election Commissions (RECs),19 207 Territorial', 19).markers.map((m) => m.n)).toEqual([19]);
    expect(findMarkers('Despite legal restrictions33 and the blocking', 33).text).toBe('Despite legal restrictions and the blocking');
  });
  it('leaves numbers that are not markers', () => {
    for (const t of ['and 9,764 Precinct', 'at 68.4 per cent.', 'Paragraph 7.2 of', 'on 15 January 2012.', 'results at 12:00 on', 'Channel 31)', 'http://www.osce.org/fom/51086.']) {
      expect(findMarkers(t, 1).markers, t).toEqual([]);
      expect(findMarkers(t, 31).markers, t).toEqual([]);
    }
  });
  it('ignores a glued number that does not continue the numbering', () => {
    expect(findMarkers('the law.7 Next', 3).markers).toEqual([]);
  });
});

describe('heading shapes', () => {
  it('recognises all-caps and title-case headings only', () => {
    expect(headingShape('PRELIMINARY FINDINGS', 80)).toBe(1);
    expect(headingShape('Mission Information & Acknowledgements', 80)).toBe(2);
    expect(headingShape('Domestic and International Election Observers', 80)).toBe(2);
    for (const t of ['For further information, please contact:', 'Email: office@odihr.kz', '010000 Astana, Republic of Kazakhstan', 'the law provides for observation']) {
      expect(headingShape(t, 80), t).toBeNull();
    }
  });
});
