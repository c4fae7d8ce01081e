import { describe, expect, it } from 'vitest';
import { isReference } from '../../src/retrieve/retriever.js';

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
