/**
 * The fuzz inputs of tests/fuzz: the seeded generator of tests/helpers/fuzz.ts
 * (random Unicode, zero-width/RTL/control characters, 10,000-character
 * strings, markdown and code fences, mentions, emoji only, other languages,
 * SQL- and path-like strings, numbers alone), with one in five replaced by an
 * attempt to smuggle a ping past the bot: mentions split by zero-width or
 * control characters, nested or doubled, inside markdown, in capitals, in
 * full width, or repeated to the truncation limits.
 */
import { generateQuestions, mulberry32 } from '../helpers/fuzz.js';

const ID = '123456789012345678';
const SMUGGLED = [
  '@everyone',
  '@here',
  `<@${ID}>`,
  `<@!${ID}>`,
  `<@&${ID}>`,
  `<#${ID}>`,
  '@every\u200bone',
  '@\u200beveryone',
  '@\u0000here',
  '\uff20everyone',
  '@@everyone',
  '@everyone@here',
  `<<@${ID}>@${ID}>`,
  `<@<@${ID}>${ID}>`,
  `<@\u200d${ID}>`,
  `<@${ID}\u0000>`,
  `</ask:${ID}>`,
  `<:verbatim:${ID}>`,
  `<a:wave:${ID}>`,
  '`@everyone`',
  '```\n@here\n```',
  '||@everyone||',
  '[@everyone](https://example.com)',
  '> @here',
  '\\@everyone',
  '@EVERYONE',
  '\u202e@everyone',
  'mail me at x@everyone.com',
  '@hereby I ask',
  '@everyones',
];

const REAL = ['How many polling stations were observed?', 'What was the turnout?', 'who observed the elections', 'Was the campaign free?'];

/** `count` questions (seeded): the shared hostile generator, a fifth of them ping-smuggling attempts. */
export function hostileQuestions(count: number, seed = 7): string[] {
  const rand = mulberry32(seed ^ 0x5eed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const smuggle: (() => string)[] = [
    () => `${pick(SMUGGLED)} ${pick(REAL)}`,
    () => `${pick(REAL)} ${pick(SMUGGLED)} ${pick(SMUGGLED)}`,
    () => Array.from({ length: 1 + Math.floor(rand() * 6) }, () => pick(SMUGGLED)).join(pick(['', ' ', '\u200b', '\n'])),
    // Around the 256-character title limit and the 1,000-character question limit.
    () => `${'polling stations '.repeat(14)}${pick(SMUGGLED)}`,
    () => `${pick(REAL)} ${pick(SMUGGLED).repeat(60)}`.slice(0, 999),
  ];
  return generateQuestions(count, seed).map((q, i) => (i % 5 === 4 ? pick(smuggle)() : q));
}
