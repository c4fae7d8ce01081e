/**
 * Printed lines that an extractor broke after a superscript, joined back.
 *
 * A raised footnote marker changes the baseline, and extractors (pdftotext
 * -raw always, its default mode and the source style now and then) end the
 * line there: "…among journalists.32" / "According to numerous political
 * party, civil society, and" / "media representatives…". Both pieces are
 * short, and the first looks like a paragraph's last line. Shared by the
 * text readers.
 */
import { percentile } from '../assemble.js';
import { ENDS_CLAUSE, OPENS_SENTENCE, headingShape } from '../lines.js';
import type { BodyLine } from '../model.js';

/**
 * A line that ends with a marker is joined to the next (same page, no blank
 * line or page break between, the next not shaped like a heading) when the
 * two together fit on one line of the text (a line that ends with a marker
 * and wrapped is full by itself, so it is never joined), and either
 * - both are known to be pieces, and together are no wider than the text's
 *   widest lines: the first ends mid-clause (so it cannot end a paragraph),
 *   or the second runs on (it ends mid-clause before a lower-case line, or
 *   ends with a marker itself), so should be full, yet is short, and the two
 *   make at most one line and at least most of one; or
 * - the first may end a paragraph, and the two make a full line (within a
 *   few per cent of the full measure), as a line that wraps does.
 *
 * The full measure is the median width of lines that wrap onto a lower-case
 * line. `measure` gives a text's width in the reader's unit.
 */
export function rejoinAtMarkers(lines: readonly BodyLine[], measure: (text: string) => number): BodyLine[] {
  const widths = lines.filter((l, k) => /^\p{Ll}/u.test(lines[k + 1]?.text ?? '') && l.text.length >= 20).map((l) => l.width);
  const full = percentile(widths, 0.5);
  if (full === 0) return [...lines];
  // The widest lines of the text: where both pieces are known to be pieces, they may make one of these.
  const widest = Math.max(1.04 * full, percentile(widths, 0.98));
  const out: BodyLine[] = [];
  for (const [k, line] of lines.entries()) {
    const a = out[out.length - 1];
    const last = a?.markers[a.markers.length - 1];
    const next = lines[k + 1];
    if (a && last && last.col === a.text.length && a.page === line.page && !line.pageStart && !line.blankBefore) {
      const joined = measure(`${a.text} ${line.text}`);
      // A heading stands between two sentences: shaped like one, no closing punctuation, and the line after opens a sentence.
      const heading = headingShape(line.text, Infinity) !== null && !ENDS_CLAUSE.test(line.text) && (next === undefined || OPENS_SENTENCE.test(next.text));
      const endsLine = line.markers[line.markers.length - 1]?.col === line.text.length;
      const runsOn = endsLine || (!ENDS_CLAUSE.test(line.text) && next !== undefined && next.page === line.page && /^\p{Ll}/u.test(next.text));
      const midClause = !ENDS_CLAUSE.test(a.text);
      const pieces = midClause || (runsOn && line.width < 0.9 * full && joined >= 0.75 * full);
      if (!heading && (pieces ? joined <= widest : joined >= 0.9 * full && joined <= 1.04 * full)) {
        const shift = a.text.length + 1;
        out[out.length - 1] = { ...a, text: `${a.text} ${line.text}`, width: joined, markers: [...a.markers, ...line.markers.map((m) => ({ n: m.n, col: m.col + shift }))] };
        continue;
      }
    }
    out.push(line);
  }
  return out;
}
