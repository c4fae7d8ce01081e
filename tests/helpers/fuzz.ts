/**
 * Seeded generator of hostile and odd questions: random Unicode, zero-width,
 * right-to-left and control characters, 10,000-character strings, markdown
 * and code fences, mass and targeted mentions, emoji only, other languages,
 * SQL- and path-like strings, numbers alone, and real questions mixed with all
 * of these.
 */
import { createRng as mulberry32 } from '../../src/bench/random.js';

export { mulberry32 };

const REAL = [
  'What was the turnout?',
  'How many polling stations were observed?',
  'Who headed the PACE delegation?',
  'why was the campaign subdued',
  'what are maslikhats',
  'Did the CEC do a good job?',
];
const MENTIONS = ['@everyone', '@here', '<@123456789012345678>', '<@!123456789012345678>', '<@&876543210987654321>', '<#112233445566778899>'];
const MARKDOWN = ['**bold**', '__under__', '~~strike~~', '`code`', '```js\nprocess.exit(1)\n```', '> quote', '||spoiler||', '[link](https://example.com)', '# Heading', '- list', '\\*escaped\\*'];
const OTHER_LANGUAGES = ['Какая была явка?', 'Қанша сайлау учаскесі бақыланды?', 'ما هي نسبة المشاركة؟', '投票率はどうでしたか？', '¿Cuál fue la participación?', 'Wie hoch war die Wahlbeteiligung?', 'מה היה שיעור ההצבעה?'];
const INJECTION = ["'; DROP TABLE reports; --", '../../../../etc/passwd', '..\\..\\windows\\system32', '/dev/null', 'C:\\boot.ini', '${process.env.DISCORD_TOKEN}', '{{7*7}}', '<script>alert(1)</script>', '%00%2e%2e%2f', 'file:///etc/shadow', '`rm -rf /`'];
const EMOJI = ['🗳️', '🇰🇿', '👍🏽', '🤔', '💥', '👨‍👩‍👧‍👦', '🏳️‍🌈'];
const SPECIAL = ['\u200b', '\u200d', '\u2060', '\ufeff', '\u202e', '\u202d', '\u2066', '\u0000', '\u0007', '\u001b[31m', '\r', '\t', '\u2028', '\ud800', '\udfff'];

export function generateQuestions(count: number, seed = 42): string[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const randomUnicode = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) {
      const cp = rand() < 0.7 ? Math.floor(rand() * 0xffff) : Math.floor(rand() * 0x10ffff);
      s += cp >= 0xd800 && cp <= 0xdfff ? '\ufffd' : String.fromCodePoint(cp);
    }
    return s;
  };
  const kinds: (() => string)[] = [
    () => randomUnicode(1 + Math.floor(rand() * 60)),
    () => `${pick(REAL)}${pick(SPECIAL)}${pick(SPECIAL)}`,
    () => pick(SPECIAL).repeat(1 + Math.floor(rand() * 20)),
    () => 'x'.repeat(10_000),
    () => `${pick(REAL)} ${'lorem ipsum '.repeat(900)}`,
    () => `${pick(MARKDOWN)} ${pick(REAL)} ${pick(MARKDOWN)}`,
    () => `${pick(MENTIONS)} ${pick(REAL)}`,
    () => `${pick(MENTIONS)} ${pick(MENTIONS)}`,
    () => Array.from({ length: 1 + Math.floor(rand() * 8) }, () => pick(EMOJI)).join(''),
    () => pick(OTHER_LANGUAGES),
    () => `${pick(INJECTION)} ${rand() < 0.5 ? pick(REAL) : ''}`,
    () => String(Math.floor(rand() * 1e9)),
    () => `${Math.floor(rand() * 100)}.${Math.floor(rand() * 10)}`,
    () => `\u202e${pick(REAL)}`,
    () => pick(REAL).split('').join(pick(['\u200b', ' ', '\u0301'])),
    () => `${pick(REAL)} ${pick(EMOJI)} ${pick(MENTIONS)} ${pick(MARKDOWN)}`,
    () => '',
    () => ' \n\t ',
  ];
  return Array.from({ length: count }, () => pick(kinds)());
}
