import { describe, expect, it } from 'vitest';
import { asksForPointer, isReference } from '../../src/retrieve/retriever.js';

describe('isReference: sentences that point elsewhere or label, not state', () => {
  it.each([
    'See the final report of 2007.',
    'Available at http://www.example.org/report.',
    'For further information, please contact:',
    'Election Observation Mission:',
    'Email: office@example.org',
    'Tel: +7-7172-901 771, Fax: +7-7172-901 772',
    'Mr. A. Person, Spokesperson (+48 603 683 122);',
  ])('%s', (text) => expect(isReference(text)).toBe(true));

  it.each([
    'Voting was assessed positively in 90 per cent of polling stations observed.',
    'The law provides for three grounds for deregistration: a court decision, a withdrawal, and a death.',
    'Some 1,173 polling stations were visited.',
    'The CEC met on 12 December: it registered seven parties.',
  ])('not: %s', (text) => expect(isReference(text)).toBe(false));
});

describe('asksForPointer: questions a pointer may answer', () => {
  it.each(['where can I read the RFoM press release?', 'Is there a link to the final report?', 'what is the mission\'s contact email?', 'what source does it give for the figures?'])('%s', (q) =>
    expect(asksForPointer(q)).toBe(true),
  );
  it.each(['how would they rate the media climate overall?', 'where did observers go?', 'what did the press say?'])('not: %s', (q) => expect(asksForPointer(q)).toBe(false));
});
