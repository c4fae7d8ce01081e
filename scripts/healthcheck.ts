/**
 * npm run healthcheck (and the Dockerfile's HEALTHCHECK, compiled): asks the
 * running bot's /healthz and exits 0 when it is ready, 1 when it is not or
 * cannot be reached, 2 when the health endpoint is not configured.
 */
import { Command, InvalidArgumentError } from 'commander';
import { wholeNumber } from '../src/cli/args.js';
import { runCli, UserError } from '../src/cli/run.js';
import { loadConfig } from '../src/config/config.js';

/** A usage error (exit 2), not an unhealthy bot (exit 1): the URL cannot be asked at all. */
const httpUrl = (v: string): string => {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new InvalidArgumentError('must be an http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('must be an http:// or https:// URL');
  return url.href;
};

const ms = wholeNumber(100, 60_000, 'a whole number of milliseconds');

await runCli(async () => {
  const program = new Command('healthcheck')
    .description('Ask the running bot whether it is ready (GET /healthz on METRICS_HOST:METRICS_PORT): exit 0 when ready, 1 otherwise.')
    .option('--url <url>', 'the health URL (default: http://METRICS_HOST:METRICS_PORT/healthz)', httpUrl)
    .option('--timeout <ms>', 'give up after this long', ms, 3000)
    .exitOverride();
  program.parse();
  const opts = program.opts<{ url?: string; timeout: number }>();
  let url = opts.url;
  if (!url) {
    const { metrics } = loadConfig(process.env, { sections: ['metrics'] });
    if (!metrics) throw new UserError('METRICS_PORT is not set, so the bot serves no /healthz: set it (see .env.example), or pass --url.');
    // A server listening on every address is reached on the loopback one.
    const host = metrics.host === '0.0.0.0' || metrics.host === '::' ? '127.0.0.1' : metrics.host.includes(':') ? `[${metrics.host}]` : metrics.host;
    url = `http://${host}:${metrics.port}/healthz`;
  }
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(opts.timeout) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    process.stderr.write(`unhealthy: ${url} could not be reached (${cause})\n`);
    process.exitCode = 1;
    return;
  }
  const body = await response.text();
  if (response.ok) {
    process.stdout.write(`ready: ${body.trim()}\n`);
    return;
  }
  process.stderr.write(`unhealthy: ${url} answered ${response.status}: ${body.trim().slice(0, 500)}\n`);
  process.exitCode = 1;
});
