import type { Quote } from '../../src/answer/answer.js';

/** A quote as the engine gives it (a body sentence of Election Day), for render tests; `over` replaces fields. */
export function quote(over: Partial<Quote> = {}): Quote {
  return {
    text: 'Voting was positively assessed in 91.4 per cent of the polling stations visited.',
    document: 'kz',
    documentTitle: 'Kazakhstan 2012 parliamentary – preliminary statement',
    section: 'PRELIMINARY FINDINGS › Election Day',
    sectionPath: ['PRELIMINARY FINDINGS', 'Election Day'],
    page: 11,
    paragraph: 4,
    paragraphId: 'p46',
    footnote: null,
    score: 1,
    footnotes: [],
    context: null,
    chunkId: 'kz#p46.0',
    ...over,
  };
}
