/** npm run ask -- "question" [--json] [--k N]: answer from the terminal, with the bot's pipeline. */
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { wholeNumber } from '../src/cli/args.js';
import { QuestionError } from '../src/answer/question.js';
import { runCli } from '../src/cli/run.js';
import { loadConfig } from '../src/config/config.js';
import { openEngine } from '../src/engine/open.js';
import { resolveReportId } from '../src/engine/reports.js';
import { renderAnswerText } from '../src/render/terminal.js';

const positiveInt = wholeNumber(1, 10);

await runCli(async () => {
  const program = new Command('ask')
    .description('Answer a question about the indexed reports by quoting them. With no question, reads one question per line from stdin.')
    .argument('[question...]', 'the question')
    .option('--json', 'print the Answer object as JSON (one line per question)')
    .option('--k <n>', 'passages to quote (1–10)', positiveInt, 3)
    .option('--report <id>', 'only this report (its id, as `npm run reports` lists them, or its short title)')
    .exitOverride();
  program.parse();
  const opts = program.opts<{ json?: boolean; k: number; report?: string }>();
  const engine = await openEngine(loadConfig(process.env, { sections: ['data', 'embedder'] }));
  let report: string | undefined;
  try {
    // An unknown id is one line naming the known ids (closest first), and exit 2 (runCli).
    report = opts.report === undefined ? undefined : resolveReportId(engine.reports, opts.report);
  } catch (e) {
    await engine.embedder.dispose();
    throw e;
  }
  const answerOne = async (question: string): Promise<void> => {
    try {
      const { answer } = await engine.ask(question, { k: opts.k, ...(report ? { report } : {}) });
      process.stdout.write(opts.json ? `${JSON.stringify(answer)}\n` : `${renderAnswerText(answer)}\n\n`);
    } catch (e) {
      if (!(e instanceof QuestionError)) throw e;
      process.stdout.write(opts.json ? `${JSON.stringify({ error: e.message, question })}\n` : `${e.message}\n\n`);
      process.exitCode = 2;
    }
  };
  const question = program.args.join(' ');
  // A question given, even a blank one (ask -- ""), is that question; only none at all reads stdin.
  if (program.args.length > 0 || process.stdin.isTTY) {
    await answerOne(question);
  } else {
    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of rl) if (line.trim().length > 0) await answerOne(line);
  }
  await engine.embedder.dispose();
});
