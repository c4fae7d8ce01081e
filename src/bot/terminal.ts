/**
 * The terminal session `npm start` runs without a Discord token: one question
 * per line, answered with the bot's pipeline (Engine.ask) rendered as text.
 * Interactive ("Ask> " prompt) on a TTY; otherwise it reads every line of
 * stdin, answers each, and returns at EOF.
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

export async function runTerminalSession(engine: Engine, io: TerminalIO): Promise<void> {
  const rl = createInterface({ input: io.input, ...(io.interactive ? { output: io.output, terminal: true } : { terminal: false }), crlfDelay: Infinity });
  rl.setPrompt(PROMPT);
  if (io.interactive) rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (io.interactive && (text === 'exit' || text === 'quit')) break;
    if (text.length > 0) io.output.write(`${await answerLine(engine, text)}\n\n`);
    if (io.interactive) rl.prompt();
  }
  rl.close();
}
