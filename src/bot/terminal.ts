/**
 * The terminal session `npm start` runs without a Discord token: one question
 * per line, answered with the bot's pipeline (Engine.ask) rendered as text.
 * Interactive ("Ask> " prompt) on a TTY; otherwise it reads every line of
 * stdin, answers each, and returns at EOF.
 *
 * It answers from `engines.current`, taken once per question, as the bot
 * does: start.ts hands it an EngineHolder that reloads a rebuilt index.
 * Aborting `signal` (SIGINT, SIGTERM) ends it after the question being answered.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { QuestionError } from '../answer/question.js';
import type { Engine } from '../engine/engine.js';
import { renderAnswerText } from '../render/terminal.js';

export const PROMPT = 'Ask> ';

export interface TerminalIO {
  input: Readable;
  output: Writable;
  /** Show the prompt (stdin is a TTY). */
  interactive: boolean;
  /** Ends the session (after the answer in progress). */
  signal?: AbortSignal;
}

/** Where the session takes its Engine for each question (an EngineHolder, or a fixed Engine). */
export interface EngineRef {
  readonly current: Engine;
}

/** Answers one line; a QuestionError becomes its message. */
export async function answerLine(engine: Engine, line: string): Promise<string> {
  try {
    const { answer } = await engine.ask(line);
    return renderAnswerText(answer);
  } catch (e) {
    if (e instanceof QuestionError) return e.message;
    throw e;
  }
}

export async function runTerminalSession(engines: Engine | EngineRef, io: TerminalIO): Promise<void> {
  const source: EngineRef = 'current' in engines ? engines : { current: engines };
  const rl = createInterface({ input: io.input, ...(io.interactive ? { output: io.output, terminal: true } : { terminal: false }), crlfDelay: Infinity });
  const close = (): void => rl.close();
  if (io.signal?.aborted) return;
  io.signal?.addEventListener('abort', close, { once: true });
  rl.on('SIGINT', close); // Ctrl+C at the prompt
  rl.setPrompt(PROMPT);
  if (io.interactive) rl.prompt();
  try {
    for await (const line of rl) {
      const text = line.trim();
      if (io.interactive && (text === 'exit' || text === 'quit')) break;
      if (text.length > 0) io.output.write(`${await answerLine(source.current, text)}\n\n`);
      if (io.signal?.aborted) break;
      if (io.interactive) rl.prompt();
    }
  } finally {
    io.signal?.removeEventListener('abort', close);
    rl.close();
  }
}
