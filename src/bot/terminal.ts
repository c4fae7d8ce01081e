/**
 * The terminal session `npm start` runs without a Discord token: one question
 * per line, answered with the bot's pipeline (Engine.ask) rendered as text.
 * Interactive ("Ask> " prompt) on a TTY; otherwise it reads every line of
 * stdin, answers each, and returns at EOF.
 *
 * Lines starting with ":" are commands (see HELP): `:section NAME`,
 * `:footnote N`, `:search TEXT`, `:about`, `:report [ID]`; `help` lists them.
 * `:report ID` limits the following questions (and searches, sections,
 * footnotes) to one report.
 *
 * It answers from `engines.current`, taken once per line, as the bot does:
 * start.ts hands it an EngineHolder that reloads a rebuilt index. Aborting
 * `signal` (SIGINT, SIGTERM) ends it after the line being answered. Ctrl-C at
 * the prompt (a TTY: readline's SIGINT) and Ctrl-D print a newline and end
 * it; the result says how it ended, so start.ts can exit 130 on Ctrl-C.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { QuestionError } from '../answer/question.js';
import type { Engine } from '../engine/engine.js';
import { closestReportIds, findReport, listReports, unknownReportMessage } from '../engine/reports.js';
import { catalogOf, type SectionEntry } from './catalog.js';
import { citationLine, CONTEXT_MAX, cutAtWord, PLAIN, renderAnswerText, Styler, type ReportLabel, type TerminalStyle } from '../render/terminal.js';

export const PROMPT = 'Ask> ';

export interface TerminalIO {
  input: Readable;
  output: Writable;
  /** Show the prompt (stdin is a TTY). */
  interactive: boolean;
  /** Ends the session (after the answer in progress). */
  signal?: AbortSignal;
  /** Wrapping and colour of the output (render/terminal.ts terminalStyle); default plain. */
  style?: TerminalStyle;
}

/** How a session ended: end of input (Ctrl-D), `exit`/`quit`, Ctrl-C at the prompt, or `signal`. */
export type SessionEnd = 'eof' | 'exit' | 'interrupt' | 'aborted';

/** Where the session takes its Engine for each question (an EngineHolder, or a fixed Engine). */
export interface EngineRef {
  readonly current: Engine;
}

export const HELP = [
  'Type a question to get verbatim quotes from the report, with citations. Commands:',
  '  :section NAME   show a section (NAME may be part of its heading)',
  '  :footnote N     show footnote N and the sentence that carries its marker',
  '  :search TEXT    list the passages closest to TEXT',
  '  :about          list the indexed reports (id, title, election date, sections, footnotes)',
  '  :report ID      answer from report ID only (":report" alone shows the current one)',
  '  help            this list',
  'Ctrl-D (or "exit") quits.',
].join('\n');

/** The session's state between lines. */
export interface SessionState {
  /** The report questions are limited to (`:report ID`); undefined: all. */
  report: string | undefined;
}

/** Report labels by id, for grouping quotes from several reports. */
function labels(engine: Engine): Map<string, ReportLabel> {
  return new Map(engine.reports.map((r) => [r.meta.id, { shortTitle: r.meta.shortTitle, electionDate: r.meta.electionDate }]));
}

/** Answers one question; a QuestionError becomes its message. */
export async function answerLine(engine: Engine, line: string, state: SessionState = { report: undefined }, style: TerminalStyle = PLAIN): Promise<string> {
  try {
    const { answer } = await engine.ask(line, state.report ? { report: state.report } : {});
    return renderAnswerText(answer, { ...style, reports: labels(engine) });
  } catch (e) {
    if (e instanceof QuestionError) return e.message;
    throw e;
  }
}

function reportCommand(engine: Engine, arg: string, state: SessionState): string {
  if (arg.length === 0) {
    const r = state.report ? engine.report(state.report) : undefined;
    return r ? `Report: ${r.meta.id} (${r.meta.shortTitle})` : `Report: all indexed reports (${engine.reports.length}). ":report ID" picks one.`;
  }
  // The same check and line as `npm run ask -- --report ID` (engine/reports.ts).
  const report = findReport(engine.reports, arg);
  if (!report) return unknownReportMessage(arg, closestReportIds(engine.reports, arg));
  state.report = report.meta.id;
  return `Report: ${report.meta.id} (${report.meta.shortTitle}). Following questions are answered from it.`;
}

function aboutCommand(engine: Engine, s: Styler): string {
  const out: string[] = [];
  for (const r of listReports(engine.reports)) {
    out.push(...s.wrap(s.colors.bold(r.id)), ...s.wrap(`${r.shortTitle} · election of ${r.electionDate} · ${r.sections} sections, ${r.footnotes} footnotes, ${r.warnings} parser warnings`, '  ', '  '));
  }
  return out.length > 0 ? out.join('\n') : 'No reports are indexed.';
}

/** Most sections listed when a name is ambiguous. */
const MAX_LISTED = 10;
/** Least fast-fuzzy score for `:section NAME` to match a heading (lower than /section's, since the terminal lists near ties instead of picking one). */
const SECTION_THRESHOLD = 0.7;

function sectionCommand(engine: Engine, name: string, state: SessionState, s: Styler): string {
  if (name.length === 0) return 'Usage: :section NAME (part of a heading, e.g. ":section election day").';
  // The bot's section catalog (built once per index), limited to the session's report.
  const catalog = catalogOf(engine);
  const inReport = (e: SectionEntry): boolean => !state.report || e.view.report.meta.id === state.report;
  const t = name.toLowerCase();
  let matches = catalog.sections.filter((e) => inReport(e) && (e.view.title.toLowerCase() === t || (e.view.section?.heading ?? '').toLowerCase() === t)).map((e) => e.view);
  if (matches.length === 0) {
    const found = catalog.matches(name, SECTION_THRESHOLD).filter((m) => inReport(m.item));
    const best = found[0]?.score ?? 0;
    // One clear winner is shown; several equally good are listed.
    matches = found.filter((m) => m.score >= best - 0.05).map((m) => m.item.view);
  }
  if (matches.length === 0) return `No section matches “${name}”. ":about" lists the reports; try part of a heading.`;
  if (matches.length > 1) {
    const listed = matches.slice(0, MAX_LISTED).map((v) => `  - ${v.title}${engine.reports.length > 1 ? ` (${v.report.meta.id})` : ''}`);
    return [`Several sections match “${name}”:`, ...listed, ...(matches.length > MAX_LISTED ? [`  … and ${matches.length - MAX_LISTED} more`] : []), 'Type more of the heading.'].join('\n');
  }
  const v = matches[0];
  if (!v) return '';
  const c = s.colors;
  const out = [...s.wrap(c.bold(v.title)), ...s.wrap(c.dim(v.report.meta.shortTitle)), ''];
  if (v.paragraphs.length === 0) out.push('(This section has no paragraphs of its own.)');
  for (const p of v.paragraphs) {
    const label = `¶ ${p.ordinal} (p. ${p.page}) `;
    out.push(...s.block(p.text, c.dim(label), ' '.repeat(label.length)), '');
  }
  return out.join('\n').trimEnd();
}

function footnoteCommand(engine: Engine, arg: string, state: SessionState, s: Styler): string {
  if (!/^\d{1,6}$/u.test(arg)) return 'Usage: :footnote N (a footnote number, e.g. ":footnote 3").';
  const n = Number(arg);
  const f = engine.footnote(n, state.report);
  if (!f) {
    const count = engine.report(state.report)?.document.footnotes.length ?? 0;
    return `There is no footnote ${n}${count > 0 ? ` (footnotes 1–${count})` : ''}.`;
  }
  const c = s.colors;
  const out: string[] = [];
  if (f.carrier) out.push(...s.wrap(c.dim(`In: “${cutAtWord(f.carrier, CONTEXT_MAX)}”`)));
  out.push(...s.block(`[${n}] ${f.footnote.text}`, c.cyan('> ')));
  const section = f.paragraph ? f.paragraph.sectionPath.join(' › ') : '';
  out.push(...s.wrap(c.dim(`— ${[engine.reports.length > 1 ? f.report.meta.shortTitle : '', section, `p. ${f.footnote.page}`, `footnote ${n}`].filter(Boolean).join(' · ')}`), '  ', '    '));
  return out.join('\n');
}

/** Results listed by `:search`. */
export const SEARCH_LIMIT = 5;

async function searchCommand(engine: Engine, text: string, state: SessionState, s: Styler): Promise<string> {
  if (text.length === 0) return 'Usage: :search TEXT';
  try {
    const quotes = await engine.search(text, { limit: SEARCH_LIMIT, ...(state.report ? { report: state.report } : {}) });
    if (quotes.length === 0) return 'No passages found.';
    const several = new Set(quotes.map((q) => q.document)).size > 1;
    return quotes
      .flatMap((q, i) => [...s.wrap(q.text.replace(/\s+/gu, ' '), `${i + 1}. `, '   '), ...s.wrap(s.colors.dim(`— ${citationLine(q, several)}`), '   ', '     '), ''])
      .join('\n')
      .trimEnd();
  } catch (e) {
    if (e instanceof QuestionError) return e.message;
    throw e;
  }
}

/** Runs one line (a question or a command) and returns what to print; null for nothing. */
export async function runLine(engine: Engine, line: string, state: SessionState, style: TerminalStyle = PLAIN): Promise<string | null> {
  const text = line.trim();
  if (text.length === 0) return null;
  const s = new Styler(style);
  if (text === 'help' || text === ':help' || text === '?') return HELP;
  const m = /^:(\w+)\s*(.*)$/su.exec(text);
  if (!m) return answerLine(engine, text, state, style);
  const [, command = '', rest = ''] = m;
  const arg = rest.trim();
  switch (command.toLowerCase()) {
    case 'section':
      return sectionCommand(engine, arg, state, s);
    case 'footnote':
      return footnoteCommand(engine, arg, state, s);
    case 'search':
      return searchCommand(engine, arg, state, s);
    case 'about':
      return aboutCommand(engine, s);
    case 'report':
      return reportCommand(engine, arg, state);
    default:
      return `Unknown command “:${command}”. Type help for the commands.`;
  }
}

export async function runTerminalSession(engines: Engine | EngineRef, io: TerminalIO): Promise<SessionEnd> {
  const source: EngineRef = 'current' in engines ? engines : { current: engines };
  const style = io.style ?? PLAIN;
  const state: SessionState = { report: undefined };
  if (io.signal?.aborted) return 'aborted';
  const rl = createInterface({ input: io.input, ...(io.interactive ? { output: io.output, terminal: true } : { terminal: false }), crlfDelay: Infinity });
  let end = 'eof' as SessionEnd;
  const close = (): void => {
    if (end === 'eof') end = 'aborted';
    rl.close();
  };
  const interrupt = (): void => {
    // Ctrl-C at the prompt: a newline, so the shell's prompt starts on a line of its own.
    end = 'interrupt';
    io.output.write('\n');
    rl.close();
  };
  io.signal?.addEventListener('abort', close, { once: true });
  rl.on('SIGINT', interrupt);
  rl.setPrompt(PROMPT);
  if (io.interactive) rl.prompt();
  try {
    for await (const line of rl) {
      const text = line.trim();
      if (io.interactive && (text === 'exit' || text === 'quit')) {
        end = 'exit';
        break;
      }
      const out = await runLine(source.current, text, state, style);
      if (out !== null) io.output.write(`${out}\n\n`);
      if (io.signal?.aborted || end === 'interrupt') break;
      if (io.interactive) rl.prompt();
    }
    // Ctrl-D at the prompt: end the "Ask> " line.
    if (end === 'eof' && io.interactive) io.output.write('\n');
  } finally {
    io.signal?.removeEventListener('abort', close);
    rl.close();
  }
  return end;
}
