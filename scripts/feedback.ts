/**
 * npm run feedback -- export [--in FILE] [--out FILE]: the 👍/👎 feedback
 * store (FEEDBACK_FILE) as an eval question set for `npm run eval`, with the
 * 👎 answers marked `needsReview` (src/feedback/export.ts). Never overwrites
 * a file.
 */
import { Command } from 'commander';
import { runCli } from '../src/cli/run.js';
import { loadConfig } from '../src/config/config.js';
import { exportFeedback } from '../src/feedback/export.js';

const today = (): string => new Date().toISOString().slice(0, 10);

await runCli(async () => {
  const program = new Command('feedback').description('Work with the feedback users gave on answers (👍/👎, stored in FEEDBACK_FILE).').exitOverride();
  program
    .command('export')
    .description(
      'Turn the feedback into an eval question set (the format of tests/fixtures/questions.*.json) for `npm run eval`: ' +
        '👍 answers get their top quote as the gold answer, 👎 answers are marked needsReview (not scored until reviewed). ' +
        'Refuses to overwrite an existing file.',
    )
    .option('--in <file>', 'the feedback file (default: FEEDBACK_FILE, or <DATA_DIR>/feedback.jsonl)')
    .option('--out <file>', 'the question set to write (default: feedback-eval-<date>.json here)')
    .exitOverride()
    .action((opts: { in?: string; out?: string }) => {
      const input = opts.in ?? loadConfig(process.env, { sections: ['feedback'] }).feedback.file;
      const out = opts.out ?? `feedback-eval-${today()}.json`;
      const r = exportFeedback(input, out);
      if (r.note) process.stderr.write(`warning: ${r.note}\n`);
      process.stdout.write(`wrote ${r.questions.length} question${r.questions.length === 1 ? '' : 's'} (${r.review} marked needsReview) from ${r.votes} vote${r.votes === 1 ? '' : 's'} to ${out}\n`);
    });
  await program.parseAsync();
});
