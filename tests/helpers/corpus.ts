import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const REPORT_FILE = `${ROOT}corpus/kazakhstan-2012-parliamentary-preliminary-statement.txt`;
export const readReport = (): string => readFileSync(REPORT_FILE, 'utf8');
