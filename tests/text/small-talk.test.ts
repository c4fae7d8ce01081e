/** Small talk (src/text/small-talk.ts): messages that ask nothing. */
import { describe, expect, it } from 'vitest';
import { isSmallTalk } from '../../src/text/small-talk.js';

describe('isSmallTalk', () => {
  it.each(['ok thanks', 'thanks!', 'Thank you so much 🙏', 'lol', 'hi', 'hey bot', 'OK', 'cool, got it', 'haha nice'])('%j is small talk', (text) => {
    expect(isSmallTalk(text)).toBe(true);
  });
  it.each(['what was the turnout?', 'hi, what was the turnout?', 'thanks, and the counting?', 'turnout', 'clear', '', '👍', 'ok ok ok ok ok ok ok ok ok'])('%j is not', (text) => {
    expect(isSmallTalk(text)).toBe(false);
  });
});
