/** npm run parse -- <file> [--json]: parse a report and print its outline or its Document. */
import { Command } from 'commander';
import { formatOutline, parseReport, readReportFile } from '../src/document/index.js';
import { runCli } from '../src/cli/run.js';

await runCli(async () => {
  const program = new Command('parse')
    .description('Parse a raw report text file and print its outline (or the Document as JSON).')
    .argument('<file>', 'raw text extracted from a report PDF')
    .option('--json', 'print the Document as JSON')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program.parse();
  const file = program.args[0] ?? '';
  const opts = program.opts<{ json?: boolean }>();
  const doc = parseReport(readReportFile(file));
  process.stdout.write(opts.json ? `${JSON.stringify(doc, null, 2)}\n` : `${formatOutline(doc)}\n`);
});
