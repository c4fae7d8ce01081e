/** npm run add-report -- <file.pdf|file.txt> --title "…" [--date YYYY-MM-DD] [--source-url URL] [--force]: copy a report into corpus/ and rebuild the index. */
import { Command } from 'commander';
import { progressBar } from '../src/cli/progress.js';
import { runCli } from '../src/cli/run.js';
import { loadConfig } from '../src/config/config.js';
import { addReport, type AddReportOptions } from '../src/corpus/add.js';
import { lockCorpus } from '../src/corpus/change.js';
import { createEmbedder } from '../src/embed/index.js';
import { validateIndexDir } from '../src/engine/engine.js';
import { buildIndex } from '../src/index/build.js';
import { createEmbedderPool, poolSize } from '../src/embed/pool.js';
import { assertIndexTarget } from '../src/index/target.js';

await runCli(async () => {
  const program = new Command('add-report')
    .description('Add a report (its PDF, or text extracted from it) to corpus/, check that it parses and that its footnotes resolve, and rebuild the index. Parser warnings are printed.')
    .argument('<file>', 'the report PDF, or a text file extracted from it')
    .requiredOption('--title <title>', 'short title used in citations')
    .option('--date <yyyy-mm-dd>', 'election date (read from the title block when omitted)')
    .option('--id <id>', 'report id (default: from the title)')
    .option('--full-title <title>', 'full title (default: the title block)')
    .option('--country <name>', 'country (default: from the title block)')
    .option('--election-type <type>', 'election type (default: from the title block)')
    .option('--publisher <name>', 'publisher', 'OSCE/ODIHR')
    .option('--statement-date <yyyy-mm-dd>', 'date of the statement (default: from its dateline)')
    .option('--source-url <url>', "the official PDF's address (http or https), linked from every cited page (default: from the PDF's own metadata, when it has one)")
    .option('--replace', 'replace a report with the same id or file name')
    .option('--force', 'add the report even when some footnote markers and texts do not pair up')
    .option('--no-build', 'only add the files; do not rebuild the index')
    .exitOverride();
  program.parse();
  const o = program.opts<Omit<AddReportOptions, 'file' | 'corpusDir'> & { build: boolean }>();
  const config = loadConfig(process.env, { sections: ['data', 'embedder'] });
  const log = (m: string): void => void process.stderr.write(`${m}\n`);
  // A build that would be refused is refused before the report is added; so is a model that cannot be loaded.
  if (o.build) assertIndexTarget(config.indexDir, { corpusDir: config.corpusDir });
  const embedder = o.build ? await createEmbedder(config.embedder) : null;
  // One change to the corpus at a time: two adds cannot both take one id, and a killed add's change is undone first.
  const lock = await lockCorpus(config.corpusDir, log);
  try {
    const added = await addReport({ file: program.args[0] ?? '', corpusDir: config.corpusDir, ...o, pending: true });
    // Until the index is rebuilt, the change can be taken back: on failure, Ctrl-C or a termination, it is.
    const undo = (signal: NodeJS.Signals): void => {
      added.change.undo();
      lock.release();
      log(`interrupted: ${added.meta.id} was not added; the corpus is as it was`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.once('SIGINT', undo);
    process.once('SIGTERM', undo);
    const d = added.document;
    log(`added ${added.meta.id} (“${added.meta.shortTitle}”) as ${added.textPath}`);
    log(added.meta.sourceUrl ? `source URL: ${added.meta.sourceUrl}${o.sourceUrl ? '' : " (from the PDF's metadata)"}` : 'source URL: none (give --source-url to link citations to the PDF)');
    log(`parsed: ${d.pages} pages, ${d.sections.length} sections, ${d.paragraphs.length} paragraphs, ${d.footnotes.length} footnotes`);
    for (const w of d.warnings) log(`warning: ${w}`);
    if (!embedder) {
      added.change.commit();
      return;
    }
    try {
      const progress = progressBar('embedding', 'sentences');
      const result = await buildIndex({
        ...(progress ? { progress } : {}),
        corpusDir: config.corpusDir,
        outDir: config.indexDir,
        embedder,
        cacheDir: config.cacheDir,
        log,
        // A long report's new text is embedded in processes, one per core (embed/pool.ts).
        ...(config.embedder.kind === 'transformers' && poolSize() > 1 ? { pool: () => createEmbedderPool(config.embedder) } : {}),
        validate: (dir) => validateIndexDir(dir, embedder),
      });
      added.change.commit();
      log(`index rebuilt: ${result.manifest.counts.reports} reports, ${result.manifest.counts.chunks} chunks; embeddings reused ${result.reused}, computed ${result.computed}; ${result.seconds.toFixed(1)} s`);
    } catch (e) {
      added.change.undo();
      log(`the index could not be rebuilt, so ${added.meta.id} was not added; the corpus is as it was`);
      throw e;
    } finally {
      process.removeListener('SIGINT', undo);
      process.removeListener('SIGTERM', undo);
    }
  } finally {
    lock.release();
    await embedder?.dispose();
  }
});
