/**
 * npm conventions: no warnings about unknown configuration, install scripts
 * reviewed in allowScripts, the Node versions in `engines`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/corpus.js';

const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
  engines: { node: string };
  allowScripts?: Record<string, boolean>;
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(`${ROOT}package-lock.json`, 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean; version?: string }> };

describe('npm', () => {
  it('reads the project configuration without a warning', () => {
    const r = spawnSync('npm', ['pkg', 'get', 'name'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('"verbatim"');
    expect(r.stderr).not.toMatch(/Unknown (project|user|env|builtin|global) config/u);
  });

  it('allowScripts decides on every dependency with an install script, and allows hnswlib-node (its native build)', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.hasInstallScript)
      .map(([path]) => path.split('node_modules/').pop() ?? path);
    expect(withScripts).toContain('hnswlib-node');
    const policy = pkg.allowScripts ?? {};
    for (const name of new Set(withScripts)) expect(policy[name], name).toEqual(expect.any(Boolean));
    expect(policy['hnswlib-node']).toBe(true);
    // Its only job is downloading CUDA libraries (the CPU build ships in the package): never at install time.
    expect(policy['onnxruntime-node']).toBe(false);
    expect(readFileSync(`${ROOT}.ci/run`, 'utf8')).toMatch(/^export ONNXRUNTIME_NODE_INSTALL_CUDA=skip$/mu);
  });

  it('npm start runs the compiled bot itself, so signals reach it (exec: no shell in between)', () => {
    expect(pkg.scripts.start).toBe('exec node --enable-source-maps dist/scripts/start.js');
    expect(pkg.scripts.prestart).toBe('node scripts/ensure-build.mjs');
    expect(Object.entries(pkg.scripts).filter(([, s]) => s.startsWith('tsx ')).map(([k]) => k)).not.toContain('start');
  });
});

describe('engines', () => {
  it('supports Node 22 LTS and 24, not Node 20 (end of life April 2026)', () => {
    const range = pkg.engines.node;
    for (const v of ['22.12.0', '22.23.5', '24.0.0', '24.22.3']) expect(semver.satisfies(v, range), v).toBe(true);
    for (const v of ['20.19.0', '20.20.2', '21.7.0', '23.0.0', '25.0.0']) expect(semver.satisfies(v, range), v).toBe(false);
  });

  it('type-checks against the oldest supported Node (so no newer API slips in)', () => {
    const oldest = semver.minVersion(pkg.engines.node)?.major;
    expect(semver.minVersion(pkg.devDependencies['@types/node'] ?? '')?.major).toBe(oldest);
  });
});
