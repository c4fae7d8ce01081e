/**
 * npm run healthcheck: exit 0 when the bot's /healthz says ready, 1 when it
 * is unhealthy or cannot be reached, 2 (one line) when the command itself is
 * malformed, so a container runtime never takes a typo for a sick bot.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScriptFile, type RunResult } from '../helpers/run.js';

/** Without blocking this process, which serves the health URL; no METRICS_PORT unless given. */
const healthcheck = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> => runScriptFile('healthcheck.ts', args, { METRICS_PORT: '', ...env });

let server: Server;
let base = '';
let ready = true;
beforeAll(async () => {
  server = createServer((req, res) => {
    res.statusCode = req.url === '/healthz' && ready ? 200 : 503;
    res.end(ready ? 'ok' : 'index loading');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('healthcheck', () => {
  it('exits 0 when the bot is ready and 1 when it says it is not', async () => {
    ready = true;
    const ok = await healthcheck(['--url', `${base}/healthz`]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('ready: ok\n');
    ready = false;
    const sick = await healthcheck(['--url', `${base}/healthz`]);
    expect(sick.status).toBe(1);
    expect(sick.stderr).toMatch(/^unhealthy: .* answered 503: index loading\n$/u);
  }, 60_000);

  it('exits 1 when nothing listens there', async () => {
    const r = await healthcheck(['--url', 'http://127.0.0.1:9/healthz', '--timeout', '500']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^unhealthy: http:\/\/127\.0\.0\.1:9\/healthz could not be reached/u);
  }, 60_000);

  it('exits 2 with one line for a malformed URL or timeout, or no METRICS_PORT', async () => {
    for (const args of [['--url', 'localhost:9464/healthz'], ['--url', 'ftp://127.0.0.1/healthz'], ['--url', `${base}/healthz`, '--timeout', ' 500'], []]) {
      const r = await healthcheck(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  }, 60_000);
});
