/** Option values read strictly (src/cli/args.ts): what Number() alone would take is refused. */
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { decimalNumber, wholeNumber } from '../../src/cli/args.js';

describe('option values', () => {
  it('take a whole number only as digits, within its range', () => {
    const k = wholeNumber(1, 10);
    expect(k('3')).toBe(3);
    expect(k('10')).toBe(10);
    for (const bad of [' 3', '3 ', '', '0x3', '1e1', '2.0', '+3', '-1', '0', '11', 'three']) expect(() => k(bad), bad).toThrow(InvalidArgumentError);
    expect(() => k('0')).toThrow('must be a whole number from 1 to 10');
    expect(() => wholeNumber(1)('0')).toThrow('must be a whole number of at least 1');
    expect(wholeNumber(1)('123456')).toBe(123456);
  });
  it('take a number of seconds with at most one decimal point', () => {
    const s = decimalNumber(0, 60, 'a number of seconds');
    expect(s('0')).toBe(0);
    expect(s('2.5')).toBe(2.5);
    for (const bad of ['', ' 1', '1.', '.5', '1e1', 'Infinity', '61', '-1']) expect(() => s(bad), bad).toThrow('must be a number of seconds from 0 to 60');
  });
});
