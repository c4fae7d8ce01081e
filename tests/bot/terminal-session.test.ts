/**
 * The terminal session's commands and rendering (src/bot/terminal.ts,
 * src/render/terminal.ts) with the real Engine, driven through PassThrough
 * streams, interactive and not; and Ctrl-C / SIGINT in a real child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELP, PROMPT, runTerminalSession, type SessionEnd } from '../../src/bot/terminal.js';
import type { Engine } from '../../src/engine/engine.js';
import { cutAtWord, PLAIN, renderAnswerText, terminalStyle, type TerminalStyle } from '../../src/render/terminal.js';
import type { Answer, Quote } from '../../src/answer/answer.js';
import { ROOT } from '../helpers/corpus.js';
import { openTestEngine } from './harness.js';

let engine: Engine;

beforeAll(async () => {
  engine = await openTestEngine();
});

afterAll(async () => {
  await engine?.embedder.dispose();
});

const ANSI = /\u001b\[/u;
const REPORT_ID = 'kz-2012-parliamentary-psopfc';

async function session(lines: string, options: { interactive?: boolean; style?: TerminalStyle } = {}): Promise<{ out: string; end: SessionEnd }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const done = runTerminalSession(engine, { input, output, interactive: options.interactive ?? false, ...(options.style ? { style: options.style } : {}) });
  input.end(lines);
  const end = await done;
  return { out, end };
}

describe('terminal commands', () => {
  it('help lists every command', async () => {
    const { out } = await session('help\n');
    expect(out).toBe(`${HELP}\n\n`);
    for (const c of [':section NAME', ':footnote N', ':search TEXT', ':about', ':report ID']) expect(HELP).toContain(c);
  });

  it(':about lists each report with its id, title, election date, sections and footnotes', async () => {
    const { out } = await session(':about\n');
    const r = engine.reports[0];
    expect(out).toContain(REPORT_ID);
    expect(out).toContain(`${r?.meta.shortTitle} · election of ${r?.meta.electionDate} · ${r?.document.sections.length} sections, ${r?.document.footnotes.length} footnotes`);
  });

  it(':report ID sets the report for the following questions; :report alone shows it; an unknown id names the known ones', async () => {
    const { out } = await session(`:report\n:report kz-2021\n:report ${REPORT_ID.toUpperCase()}\n:report\n`);
    const parts = out.trimEnd().split('\n\n');
    expect(parts[0]).toBe('Report: all indexed reports (1). ":report ID" picks one.');
    expect(parts[1]).toBe(`There is no report “kz-2021”. Known report id: ${REPORT_ID}.`);
    expect(parts[2]).toMatch(new RegExp(`^Report: ${REPORT_ID} \\(Kazakhstan 2012`, 'u'));
    expect(parts[3]).toMatch(new RegExp(`^Report: ${REPORT_ID} `, 'u'));
  });

  it(':footnote N shows the footnote with the sentence carrying its marker ("In: …", cut at a word)', async () => {
    const f = engine.footnote(3);
    expect(f?.carrier).toBeTruthy();
    const { out } = await session(':footnote 3\n:footnote 999\n:footnote x\n');
    expect(out).toContain(`In: “${cutAtWord(f?.carrier ?? '', 160)}”`);
    expect(out).toContain(`> [3] ${f?.footnote.text}`);
    expect(out).toMatch(/— PRELIMINARY FINDINGS › .+ · p\. \d+ · footnote 3/u); // one report: no title in the citation
    expect(out).not.toContain('Kazakhstan 2012 parliamentary');
    expect(out).toMatch(/There is no footnote 999 \(footnotes 1–\d+\)\./u);
    expect(out).toContain('Usage: :footnote N');
  });

  it(':section NAME shows a section found fuzzily, and lists the candidates when the name is ambiguous', async () => {
    const { out } = await session(':section electon day\n');
    expect(out).toMatch(/^PRELIMINARY FINDINGS › Election Day\n/u);
    expect(out).toContain('¶ 1 (p. 11) Election day was calm throughout the country.');
    const many = await session(':section election\n');
    expect(many.out).toMatch(/^Several sections match “election”:\n {2}- /u);
    expect(many.out).toContain('  - PRELIMINARY FINDINGS › Election Day');
    expect(many.out).toContain('  - PRELIMINARY FINDINGS › Election Administration');
    const none = await session(':section zzzzqqq\n');
    expect(none.out).toMatch(/^No section matches “zzzzqqq”/u);
  });

  it(':search TEXT lists numbered passages with citations', async () => {
    const { out } = await session(':search Zhanaozen\n');
    const quotes = await engine.search('Zhanaozen', { limit: 5 });
    expect(out).toContain(`1. ${quotes[0]?.text}`);
    expect(out.match(/^\d\. /gmu)).toHaveLength(quotes.length);
    expect(out).toMatch(/^ {3}— .+ · p\. \d+ · (¶|footnote) \d+$/mu);
  });

  it('an unknown command says so in one line', async () => {
    const { out } = await session(':frobnicate\n');
    expect(out).toBe('Unknown command “:frobnicate”. Type help for the commands.\n\n');
  });
});

describe('terminal answers', () => {
  const QUESTION = 'How many polling stations were observed?';

  it('name the report once, above the quotes, not in every citation', async () => {
    const { out } = await session(`${QUESTION}\n`);
    const title = engine.reports[0]?.meta.shortTitle ?? '';
    expect(out.startsWith(`From: ${title}\n\n> `)).toBe(true);
    expect(out.split(title)).toHaveLength(2);
    expect(out).toMatch(/^ {2}— PRELIMINARY FINDINGS › .+ · p\. \d+ · ¶ \d+$/mu);
  });

  it('a wrapped section paragraph names its ¶ once, with a hanging indent', async () => {
    const { out } = await session(':section electon day\n', { style: { width: 60, color: false } });
    const lines = out.split('\n');
    const first = lines.findIndex((l) => l.startsWith('¶ 1 (p. 11) '));
    expect(first).toBeGreaterThan(0);
    expect(lines[first + 1]).toMatch(/^ {12}\S/u);
    expect(out.match(/¶ 1 \(p\. 11\)/gu)).toHaveLength(1);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(60);
  });

  it('a question in another language gets one line saying so, without a "Searched for" made up by the spelling correction', async () => {
    const { out } = await session('Quel était le taux de participation aux élections?\n');
    expect(out).toContain('The report does not answer this question.');
    expect(out).toMatch(/This looks like French; the report is in English/u);
    expect(out).not.toContain('Searched for');
  });

  it('small talk gets one line saying so, and no quotes', async () => {
    const { out } = await session('ok thanks\n');
    expect(out).toContain('That reads as small talk, not a question');
    expect(out).not.toMatch(/^> /mu);
  });

  it('one word that names nothing gets one line asking for a whole question, and no quotes; one noun is answered', async () => {
    const { out } = await session('clear\nturnout\n');
    expect(out).toContain('“clear” alone is too vague to answer: please ask a whole question');
    expect(out).not.toContain('The report does not answer this question.');
    expect(out).toContain('> A turnout of 75 per cent was reported by the CEC');
    expect(out.match(/^> /gmu)?.length ?? 0).toBeGreaterThan(0);
    expect(out.indexOf('> ')).toBeGreaterThan(out.indexOf('too vague'));
  });

  it('are wrapped at the given width, coloured only when asked, and plain (no ANSI, one line per quote) by default', async () => {
    const plain = await session(`${QUESTION}\n`);
    expect(plain.out).not.toMatch(ANSI);
    const longest = Math.max(...plain.out.split('\n').map((l) => l.length));
    expect(longest).toBeGreaterThan(60);
    const wrapped = await session(`${QUESTION}\n`, { style: { width: 60, color: false } });
    expect(wrapped.out).not.toMatch(ANSI);
    for (const line of wrapped.out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(60);
    // The same words, only re-flowed: quote lines keep their "> " prefix.
    const words = (s: string): string => s.replace(/^> /gmu, '').replace(/\s+/gu, ' ');
    expect(words(wrapped.out.replace(/\n {2,}/gu, ' '))).toBe(words(plain.out.replace(/\n {2,}/gu, ' ')));
    const coloured = await session(`${QUESTION}\n`, { style: { width: 60, color: true } });
    expect(coloured.out).toMatch(ANSI);
    // Colour changes nothing but the colours: without its escape codes it is the same text, wrapped the same.
    expect(coloured.out.replace(/\u001b\[\d+m/gu, '')).toBe(wrapped.out);
  });

  it('terminalStyle: no wrapping and no colour when not a TTY; the TTY width and colour otherwise, NO_COLOR respected', () => {
    expect(terminalStyle({ isTTY: false, columns: 100 }, {})).toEqual(PLAIN);
    expect(terminalStyle({}, {})).toEqual(PLAIN);
    expect(terminalStyle({ isTTY: true, columns: 100 }, {})).toEqual({ width: 100, color: true });
    expect(terminalStyle({ isTTY: true }, {})).toEqual({ width: 80, color: true });
    expect(terminalStyle({ isTTY: true, columns: 100 }, { NO_COLOR: '1' })).toEqual({ width: 100, color: false });
  });

  it('quotes from several reports are grouped by report, with its election date', () => {
    const quote = (document: string, documentTitle: string, text: string): Quote => ({
      text, document, documentTitle, section: 'Election Day', sectionPath: ['Election Day'], page: 2, paragraph: 1, paragraphId: 'p1', footnote: null, score: 1, footnotes: [], context: null, chunkId: `${document}:1`,
    });
    const answer: Answer = { answered: true, question: 'q', quotes: [quote('a', 'Report A', 'One.'), quote('b', 'Report B', 'Two.'), quote('a', 'Report A', 'Three.')], suggestions: [] };
    const text = renderAnswerText(answer, { reports: new Map([['a', { shortTitle: 'Report A', electionDate: '2012-01-15' }], ['b', { shortTitle: 'Report B', electionDate: '2016-03-20' }]]) });
    expect(text).toBe(
      ['Report A (election of 2012-01-15)', '', '> One.', '  — Election Day · p. 2 · ¶ 1', '', '> Three.', '  — Election Day · p. 2 · ¶ 1', '', 'Report B (election of 2016-03-20)', '', '> Two.', '  — Election Day · p. 2 · ¶ 1'].join('\n'),
    );
  });

  it('cutAtWord cuts a long context line at a word, with "…"', () => {
    expect(cutAtWord('short', 160)).toBe('short');
    const long = 'word '.repeat(60);
    const cut = cutAtWord(long, 40);
    expect(cut.length).toBeLessThanOrEqual(40);
    expect(cut).toMatch(/^(word )+word…$/u);
  });
});

describe('interactive session', () => {
  it('Ctrl-C at the prompt prints a newline and ends as "interrupt"', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const done = runTerminalSession(engine, { input, output, interactive: true });
    input.write('\u0003');
    expect(await done).toBe('interrupt');
    // Readline's own cursor moves aside, the prompt and then one newline.
    expect(out.replace(/\u001b\[\d*[A-Za-z]/gu, '')).toBe(`${PROMPT}\n`);
  });

  it('Ctrl-D at the prompt prints a newline and ends as "eof"', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const done = runTerminalSession(engine, { input, output, interactive: true });
    input.write('\u0004');
    expect(await done).toBe('eof');
    // Readline's own cursor moves aside, the prompt and then one newline.
    expect(out.replace(/\u001b\[\d*[A-Za-z]/gu, '')).toBe(`${PROMPT}\n`);
  });

  it('answers commands at the prompt, then stops at "exit"', async () => {
    const { out, end } = await session(':report\nexit\n:about\n', { interactive: true });
    expect(end).toBe('exit');
    expect(out).toContain('Report: all indexed reports (1).');
    expect(out).not.toContain(REPORT_ID);
  });
});

describe('npm start in terminal mode, in a child process', () => {
  /** `node dist/scripts/start.js` without a token, as `npm start` runs it (dist/ is compiled by the test setup). */
  function start(): { child: ChildProcess; out: { stdout: string; stderr: string }; done: Promise<number | null> } {
    const child = spawn(process.execPath, ['--enable-source-maps', `${ROOT}dist/scripts/start.js`], { cwd: ROOT, env: { ...process.env, DISCORD_TOKEN: '', NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    child.stdout?.on('data', (d: Buffer) => (out.stdout += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (out.stderr += d.toString('utf8')));
    const done = new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    return { child, out, done };
  }

  it('SIGINT (Ctrl-C) prints a newline and exits 130', async () => {
    const run = start();
    try {
      run.child.stdin?.write(':report\n'); // stdin stays open: only the signal ends it
      await expect.poll(() => run.out.stdout, { timeout: 60_000 }).toContain('Report: all indexed reports');
      const before = run.out.stdout;
      run.child.kill('SIGINT');
      expect(await run.done).toBe(130);
      expect(run.out.stdout.slice(before.length)).toBe('\n');
      expect(run.out.stderr).not.toMatch(/error|at .+:\d+:\d+/u);
    } finally {
      run.child.kill('SIGKILL');
    }
  }, 120_000);

  it('end of input (Ctrl-D from a pipe) exits 0, without the newline a prompt needs', async () => {
    const run = start();
    run.child.stdin?.end(':report\n');
    expect(await run.done).toBe(0);
    expect(run.out.stdout).toBe('Report: all indexed reports (1). ":report ID" picks one.\n\n');
  }, 120_000);
});
