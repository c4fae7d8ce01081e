/** npm run reports [--json]: the indexed reports, with their ids (for `ask --report`, /ask report:, /config report:). */
import { Command } from 'commander';
import { runCli } from '../src/cli/run.js';
import { loadConfig } from '../src/config/config.js';
import { formatReportTable, listReports } from '../src/engine/reports.js';
import { loadIndex } from '../src/index/store.js';

await runCli(async () => {
  const program = new Command('reports')
    .description("List the indexed reports: each one's id, short title, election date, and its number of sections, footnotes and parser warnings.")
    .option('--json', 'print the list as JSON (an array of objects)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program.parse();
  const opts = program.opts<{ json?: boolean }>();
  const config = loadConfig(process.env, { sections: ['data'] });
  const reports = listReports(loadIndex(config.indexDir).reports);
  process.stdout.write(opts.json ? `${JSON.stringify(reports)}\n` : `${formatReportTable(reports)}\n`);
});
