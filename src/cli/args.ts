/**
 * Option values from the command line, read strictly: a whole number is
 * digits only (`Number()` alone takes " 3", "", "0x3" and "1e1" for numbers),
 * a number of seconds is digits with at most one decimal point. A value out
 * of range or malformed is commander's InvalidArgumentError, which it prints
 * as one line naming the option, and exit 2 (src/cli/run.ts).
 */
import { InvalidArgumentError } from 'commander';

const WHOLE = /^\d{1,9}$/u;
const DECIMAL = /^\d{1,9}(?:\.\d{1,6})?$/u;

/** A commander parser of a whole number from `min` to `max`. */
export function wholeNumber(min: number, max: number = Number.MAX_SAFE_INTEGER, what = 'a whole number'): (value: string) => number {
  return (value) => {
    const n = WHOLE.test(value) ? Number(value) : Number.NaN;
    if (!(n >= min && n <= max)) {
      throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER ? `must be ${what} of at least ${min}` : `must be ${what} from ${min} to ${max}`);
    }
    return n;
  };
}

/** A commander parser of a number (decimals allowed) from `min` to `max`. */
export function decimalNumber(min: number, max: number, what = 'a number'): (value: string) => number {
  return (value) => {
    const n = DECIMAL.test(value) ? Number(value) : Number.NaN;
    if (!(n >= min && n <= max)) throw new InvalidArgumentError(`must be ${what} from ${min} to ${max}`);
    return n;
  };
}
