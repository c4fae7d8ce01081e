import type { LineModel } from '../model.js';
import { readSourceStyle } from './source.js';
export function readPaged(raw: string, lines: readonly string[]): LineModel {
  return readSourceStyle(raw, lines);
}
