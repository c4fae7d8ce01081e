/**
 * Document → Chunks: the units the index retrieves and the answer quotes.
 *
 * Body chunks are sentence windows inside one paragraph (so never across a
 * section): one window centred on each sentence, `WINDOW` sentences wide.
 * Each footnote is a chunk of its own; its retrieval text is prefixed with the
 * body sentence that carries its marker, while its quotable text stays the
 * footnote's own. Every chunk carries its citation.
 */
import { formatSectionPath, splitSentences, type Document, type Span } from '../document/index.js';
import type { ReportMeta } from '../corpus/corpus.js';

export const CHUNKER_VERSION = '2.0.0';
/** Sentences per body window. */
export const WINDOW = 3;

export interface Citation {
  /** Report id from its metadata. */
  document: string;
  /** Short title of the report, for display. */
  documentTitle: string;
  /** Section path, e.g. ["PRELIMINARY FINDINGS", "Election Day"]; empty in the preamble. */
  sectionPath: string[];
  page: number;
  /** Paragraph id in the Document ("p42"); for a footnote, the paragraph carrying its marker, if any. */
  paragraphId: string | null;
  /** Position of the paragraph in its section (¶). */
  paragraph: number | null;
  /** Footnote number, for a footnote chunk. */
  footnote: number | null;
}

export interface Chunk {
  /** Unique in the index: "<doc>#p42.3" (paragraph, centre sentence) or "<doc>#fn45". */
  id: string;
  kind: 'body' | 'footnote';
  citation: Citation;
  /** The quotable source: the paragraph's or footnote's full text. */
  sourceText: string;
  /** Sentence spans of `sourceText`. */
  sentences: Span[];
  /** Sentences [start, end) of the source that this chunk covers. */
  window: { start: number; end: number };
  /** The covered text, an exact slice of `sourceText`. */
  text: string;
  /** Text used for retrieval: section heading and the window, or the marker sentence and the footnote. */
  retrievalText: string;
  /** Footnote numbers whose markers fall in the window (for a footnote chunk, its own number). */
  footnotes: number[];
}

export function chunkDocument(doc: Document, meta: ReportMeta): Chunk[] {
  const chunks: Chunk[] = [];
  const base = (sectionPath: string[], page: number, paragraphId: string | null, paragraph: number | null, footnote: number | null): Citation => ({
    document: meta.id,
    documentTitle: meta.shortTitle,
    sectionPath,
    page,
    paragraphId,
    paragraph,
    footnote,
  });
  for (const p of doc.paragraphs) {
    const n = p.sentences.length;
    const heading = formatSectionPath(p.sectionPath);
    for (let c = 0; c < n; c++) {
      const start = Math.max(0, Math.min(c - Math.floor(WINDOW / 2), n - WINDOW));
      const end = Math.min(n, start + WINDOW);
      const first = p.sentences[start];
      const last = p.sentences[end - 1];
      if (!first || !last) continue;
      const text = p.text.slice(first.start, last.end);
      chunks.push({
        id: `${meta.id}#${p.id}.${c}`,
        kind: 'body',
        citation: base(p.sectionPath, p.page, p.id, p.ordinal, null),
        sourceText: p.text,
        sentences: p.sentences,
        window: { start, end },
        text,
        retrievalText: `${heading}. ${p.text.slice(p.sentences[c]?.start ?? first.start, p.sentences[c]?.end ?? last.end)} ${text}`,
        footnotes: p.markers.filter((m) => m.sentence >= start && m.sentence < end).map((m) => m.n),
      });
    }
  }
  for (const f of doc.footnotes) {
    const para = f.marker ? doc.paragraphs.find((p) => p.id === f.marker?.paragraph) : undefined;
    const carrier = para && f.marker ? para.sentences[f.marker.sentence] : undefined;
    const carrierText = para && carrier ? para.text.slice(carrier.start, carrier.end) : '';
    const sentences = splitSentences(f.text);
    chunks.push({
      id: `${meta.id}#fn${f.n}`,
      kind: 'footnote',
      citation: base(para?.sectionPath ?? [], f.page, para?.id ?? null, para?.ordinal ?? null, f.n),
      sourceText: f.text,
      sentences,
      window: { start: 0, end: sentences.length },
      text: f.text,
      retrievalText: `${carrierText} ${f.text}`.trim(),
      footnotes: [f.n],
    });
  }
  return chunks;
}

/**
 * The text embedded for sentence `s` of a chunk's source: the sentence led by
 * its section's heading ("Election Day: The vote count was assessed …"). A
 * sentence alone often lacks its topic, which the heading gives: "was the
 * counting fair?" finds the Election Day sentence that says "assessed
 * negatively in 23 per cent". The quotable text stays the sentence itself.
 */
export function embeddingText(chunk: Pick<Chunk, 'citation' | 'sourceText' | 'sentences'>, s: number): string {
  const span = chunk.sentences[s];
  const text = span ? chunk.sourceText.slice(span.start, span.end) : '';
  const heading = chunk.citation.sectionPath[chunk.citation.sectionPath.length - 1];
  return heading ? `${heading}: ${text}` : text;
}

