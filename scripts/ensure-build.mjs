#!/usr/bin/env node
/**
 * npm run build (`--force`) and npm start's `prestart`: makes sure dist/ is
 * the compiled form of the source before `node dist/scripts/start.js` runs.
 *
 * Plain JavaScript with only commander and Node's own modules, because it
 * runs before anything is compiled and in production installs without
 * TypeScript or tsx.
 *
 * dist/.build-stamp holds a sha256 of what the build reads (src/, scripts/,
 * the fake Discord the load benchmark imports, the tsconfigs, the TypeScript
 * version). It is written only after tsc succeeds, so a build that failed or
 * was killed midway counts as stale and runs again. Then:
 *
 * - dist/ up to date: nothing to do (a few milliseconds);
 * - missing or stale, TypeScript installed (a clone after `npm ci`, a
 *   developer who edited src/): compile with `tsc -p tsconfig.build.json`
 *   (incremental: seconds), then go on;
 * - missing or stale, no TypeScript (`npm ci --omit=dev`, or a pruned
 *   install whose source was edited): one line saying what to run, exit 2;
 * - no source at all (an image holding only dist/): nothing to check.
 *
 * Why not a `prepare` script: it runs on every `npm ci`, fails outright
 * where TypeScript is omitted, and cannot notice a source edited after
 * install. Checking at start covers all three.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-stamp');
const ENTRY = join(DIST, 'scripts', 'start.js');
/** Folders whose .ts files tsconfig.build.json compiles (src/bench/load.ts imports the fake Discord). */
const SOURCES = ['src', 'scripts', join('tests', 'fake-discord')];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];

/** Files of `dir` whose names end with one of `endings`, sorted. */
function filesOf(dir, endings) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && endings.some((x) => e.name.endsWith(x)))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

/**
 * What the build reads: the TypeScript, the JSON it imports (the ranker's
 * weights), and plain JavaScript modules that tsc does not compile but the
 * compiled code starts by path (the PDF reader's child, child.mjs): those are
 * copied into dist/ beside their compiled neighbours.
 */
const tsFiles = (dir) => filesOf(dir, ['.ts', '.json', '.mjs']);
const COPIED = ['.mjs'];

/** Where TypeScript's compiler is, or null in an install without dev dependencies. */
function tscPath() {
  try {
    return createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return null;
  }
}

/** The sha256 of everything the build reads, or null when there is no source to build from. */
function sourceHash(tsc) {
  const files = SOURCES.flatMap((d) => tsFiles(join(ROOT, d)));
  if (files.length === 0) return null;
  const hash = createHash('sha256');
  for (const file of [...files, ...CONFIGS.map((c) => join(ROOT, c)).filter(existsSync)]) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  if (tsc) hash.update(`typescript ${JSON.parse(readFileSync(join(dirname(tsc), '..', 'package.json'), 'utf8')).version}`);
  return hash.digest('hex');
}

function stampOf() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8')).source ?? null;
  } catch {
    return null;
  }
}

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

const program = new Command('ensure-build')
  .description('Compile the TypeScript source into dist/ when dist/ is missing or older than the source (npm start runs this first; npm run build runs it with --force).')
  .option('--force', 'compile even when dist/ is up to date')
  .option('--check', 'only say whether dist/ is up to date (exit 0) or not (exit 1); compile nothing')
  .parse();
const opts = program.opts();

const tsc = tscPath();
const source = sourceHash(tsc);
const built = existsSync(ENTRY);
const fresh = built && (source === null || stampOf() === source);

if (opts.check) process.exit(fresh ? 0 : 1);
if (fresh && !opts.force) process.exit(0);
if (source === null) fail('there is no source (src/, scripts/) to build dist/ from.');
if (!tsc) {
  fail(
    built
      ? 'dist/ is older than the source and TypeScript is not installed (a production install): run `npm ci && npm run build` to rebuild, then `npm prune --omit=dev`.'
      : 'dist/ is missing and TypeScript is not installed (a production install such as `npm ci --omit=dev`): build first with `npm ci && npm run build`, then `npm prune --omit=dev` (see README, "Running it as a service").',
  );
}

process.stderr.write(built ? 'compiling dist/ (the source changed since the last build)…\n' : 'compiling dist/ (first start after install)…\n');
const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
if (r.status !== 0) fail(`tsc could not compile the source (exit ${r.status ?? r.signal}); see its messages above.`);
mkdirSync(DIST, { recursive: true });
for (const file of SOURCES.flatMap((d) => filesOf(join(ROOT, d), COPIED))) {
  const target = join(DIST, relative(ROOT, file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
}
const tmp = `${STAMP}.${process.pid}`;
writeFileSync(tmp, `${JSON.stringify({ source, builtAt: new Date().toISOString() })}\n`);
renameSync(tmp, STAMP);
