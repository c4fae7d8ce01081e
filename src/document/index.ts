export * from './schema.js';
export { parseReport, assertReportText, ParseError, PARSER_VERSION } from './parse.js';
export { readReportFile, readReportBytes, decodeReport, MAX_REPORT_BYTES } from './read.js';
export { formatOutline } from './outline.js';
export { splitSentences } from './sentences.js';
