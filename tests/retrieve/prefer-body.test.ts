import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/chunk/chunk.js';
import { FEATURES, type FeatureVector } from '../../src/retrieve/ranker.js';
import { preferBody, type ScoredSentence } from '../../src/retrieve/retriever.js';

const chunk = (kind: 'body' | 'footnote'): Chunk => ({
  id: kind === 'body' ? 'r#p1.0' : 'r#fn3',
  kind,
  citation: { document: 'r', documentTitle: 'R', sectionPath: [], page: 1, paragraphId: 'p1', paragraph: 1, footnote: kind === 'footnote' ? 3 : null },
  sourceText: 'x',
  sentences: [{ start: 0, end: 1 }],
  window: { start: 0, end: 1 },
  text: 'x',
  retrievalText: 'x',
  footnotes: [],
});

function sentence(source: string, kind: 'body' | 'footnote', coverage: number, typed = true, features: Partial<FeatureVector> = {}): ScoredSentence {
  const all = Object.fromEntries(FEATURES.map((f) => [f, 0])) as FeatureVector;
  return { source, chunk: chunk(kind), sentence: 0, text: source, score: 0, dense: 0, coverage, typed, features: { ...all, ...features }, terms: new Set(), context: new Set() };
}

describe('preferBody: when the body and a footnote both answer, the body comes first', () => {
  const carrierOf = (s: ScoredSentence): string | null => (s.source === 'r:fn3' ? 'r:p1:0' : null);

  it('moves the sentence carrying the marker ahead of its footnote when the footnote adds nothing of the question', () => {
    const note = sentence('r:fn3', 'footnote', 0.6);
    const other = sentence('r:p9', 'body', 0.5);
    const carrier = sentence('r:p1', 'body', 0.6);
    expect(preferBody([note, other, carrier], carrierOf).map((s) => s.source)).toEqual(['r:p1', 'r:fn3', 'r:p9']);
  });

  it('keeps the footnote first where it covers more of the question, or holds the type the carrier lacks', () => {
    const carrier = sentence('r:p1', 'body', 0.4);
    expect(preferBody([sentence('r:fn3', 'footnote', 0.6), carrier], carrierOf)[0]?.source).toBe('r:fn3');
    expect(preferBody([sentence('r:fn3', 'footnote', 0.6), sentence('r:p1', 'body', 0.6, false)], carrierOf)[0]?.source).toBe('r:fn3');
    expect(preferBody([sentence('r:fn3', 'footnote', 0.6), sentence('r:p1', 'body', 0.6, true, { otherTime: 1 })], carrierOf)[0]?.source).toBe('r:fn3');
  });
});
