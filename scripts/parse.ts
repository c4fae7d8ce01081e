/**
 * npm run parse -- <file…> [--json] [--strict] [--compare <reference>]:
 * parse reports (PDF or extracted text) and print their outline, their
 * Document as JSON, or how each compares with a reference parse.
 */
import { Command } from 'commander';
import { compareDocuments, formatComparisonTable, formatOutline, readDocument, type Comparison, type Document } from '../src/document/index.js';
import { runCli, UserError } from '../src/cli/run.js';

await runCli(async () => {
  const program = new Command('parse')
    .description(
      'Parse report files (a PDF, or text extracted from one by pdftotext in any mode, or the source style) and print the outline, ' +
        'the Document as JSON, or a comparison with a reference. Warnings go to stderr.',
    )
    .argument('<files...>', 'report PDFs or text files')
    .option('--json', 'print the Document as JSON (one file only)')
    .option('--strict', 'exit 2 when the parse has any warning (a marker without footnote, a footnote without marker, unclear page furniture, a close call)')
    .option('--compare <reference>', 'parse <reference> too and print, for each file, headings, footnotes, markers and paragraphs found as in the reference')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program.parse();
  const files = program.args;
  const opts = program.opts<{ json?: boolean; strict?: boolean; compare?: string }>();
  if (opts.json && files.length > 1) throw new UserError('--json takes one file');

  if (opts.compare) {
    const reference = await readDocument(opts.compare);
    const rows: { input: string; comparison: Comparison | { error: string } }[] = [];
    for (const file of files) {
      try {
        const doc = await readDocument(file);
        // pdftotext drops the hyphen of a word it joins at a line end: tolerated for text inputs only (see compare.ts).
        rows.push({ input: file, comparison: compareDocuments(doc, reference, { tolerateJoinedHyphens: !/\.pdf$/iu.test(file) }) });
      } catch (e) {
        rows.push({ input: file, comparison: { error: e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e) } });
      }
    }
    process.stdout.write(`${formatComparisonTable(rows)}\n`);
    return;
  }

  let warned = 0;
  for (const file of files) {
    const doc: Document = await readDocument(file);
    if (files.length > 1) process.stdout.write(`== ${file}\n`);
    process.stdout.write(opts.json ? `${JSON.stringify(doc, null, 2)}\n` : `${formatOutline(doc)}\n`);
    for (const w of doc.warnings) process.stderr.write(`warning: ${files.length > 1 ? `${file}: ` : ''}${w}\n`);
    warned += doc.warnings.length;
  }
  if (opts.strict && warned > 0) throw new UserError(`${warned} warning${warned === 1 ? '' : 's'} (--strict)`);
});
