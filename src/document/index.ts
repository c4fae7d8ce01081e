export * from './schema.js';
export { parseReport, assertReportText, ParseError, PARSER_VERSION } from './parse.js';
export { readReportFile, readReportBytes, decodeReport, MAX_REPORT_BYTES, MAX_PDF_BYTES } from './read.js';
export { formatOutline } from './outline.js';
export { splitSentences } from './sentences.js';
export { parseSource, parseSourceWithMetadata, readDocument, isPdf, formOf, type ParseOptions, type ParsedSource, type ReportForm } from './input.js';
export { compareDocuments, formatComparisonTable, type Comparison } from './compare.js';
