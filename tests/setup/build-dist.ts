/**
 * vitest globalSetup: compiles dist/ once (scripts/ensure-build.mjs, a no-op
 * when it is up to date) before the tests that spawn `npm start`, which runs
 * the compiled bot; building once here keeps parallel test files from each
 * compiling it at the same time.
 */
import { spawnSync } from 'node:child_process';
import { ROOT } from '../helpers/corpus.js';

export default function setup(): void {
  const r = spawnSync(process.execPath, [`${ROOT}scripts/ensure-build.mjs`], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not build dist/: ${r.stderr}${r.stdout}`);
}
