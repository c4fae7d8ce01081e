/**
 * npm start: runs the Discord bot when DISCORD_TOKEN is set. Without a token it
 * says how to configure one (stderr) and answers questions in the terminal
 * instead, with the same pipeline ("Ask> " prompt on a TTY; one question per
 * line of stdin otherwise, until EOF; Ctrl-C exits 130). Both reload the index when another
 * process rebuilds it (EngineHolder.watch). SIGTERM and SIGINT stop either
 * cleanly (src/bot/process.ts, src/bot/lifecycle.ts).
 *
 * `npm start` runs the compiled dist/scripts/start.js (see scripts/ensure-build.mjs).
 */
import { Command } from 'commander';
import { runCli } from '../src/cli/run.js';
import { loadConfig } from '../src/config/config.js';
import { EngineHolder } from '../src/engine/holder.js';
import { openEngine } from '../src/engine/open.js';
import { createLogger } from '../src/log/logger.js';
import { Metrics } from '../src/metrics/metrics.js';
import { startMonitoringServer, type MonitoringServer } from '../src/metrics/server.js';
import { Bot, botSettings, STOP_FINAL_MS, STOP_GRACE_MS } from '../src/bot/bot.js';
import { installProcessHandlers, SHUTDOWN_DEADLINE_MS } from '../src/bot/process.js';
import { runTerminalSession } from '../src/bot/terminal.js';
import { openSettingsStore } from '../src/store/settings.js';
import { Styler, terminalStyle } from '../src/render/terminal.js';

const NO_TOKEN_HELP =
  'DISCORD_TOKEN is not set, so Verbatim is not connecting to Discord. To run the bot, copy .env.example to .env, ' +
  'set DISCORD_TOKEN and DISCORD_CLIENT_ID (from the Discord developer portal), and run `npm run deploy-commands` once. ' +
  'Meanwhile you can ask questions here: answers come from the same pipeline as the bot (type help for the commands, Ctrl+D to quit).';

await runCli(async () => {
  new Command('start')
    .description(
      'Run the Discord bot (DISCORD_TOKEN set), or answer questions typed in the terminal (no token). ' +
        'Configured by environment variables and .env (see .env.example); SIGTERM or SIGINT stops it cleanly.',
    )
    .exitOverride()
    .parse();
  const { discord } = loadConfig(process.env, { sections: ['discord'] });
  if (discord.token) await runBot(discord.token);
  else await runTerminal();
});

/** The terminal session: only the data and embedder variables matter. */
async function runTerminal(): Promise<void> {
  // Wrapped at words on a terminal, like the answers (plain when stderr is not one).
  process.stderr.write(`${new Styler({ width: terminalStyle(process.stderr).width }).wrap(NO_TOKEN_HELP).join('\n')}\n`);
  const config = loadConfig(process.env, { sections: ['data', 'embedder'] });
  const onDroppedQuote = (event: { chunkId: string }): void => void process.stderr.write(`warning: dropped a quote from ${event.chunkId} that was not verbatim\n`);
  const engine = await openEngine(config, { onDroppedQuote });
  const holder = new EngineHolder(engine, { indexDir: config.indexDir, corpusDir: config.corpusDir, cacheDir: config.cacheDir, embedder: engine.embedder, onDroppedQuote });
  holder.watch({
    onReload: (e) => process.stderr.write(`note: the index was rebuilt; answering from it now (${e.reports.length} report(s), ${e.index.manifest.counts.chunks} passages)\n`),
    onError: (err) => process.stderr.write(`warning: could not load the rebuilt index (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); still answering from the previous one\n`),
  });
  const stop = new AbortController();
  let signal: NodeJS.Signals | null = null;
  const onSignal = (s: NodeJS.Signals): void => {
    signal ??= s;
    stop.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const end = await runTerminalSession(holder, { input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true, signal: stop.signal, style: terminalStyle(process.stdout) });
    // Ctrl-C (at the prompt, or SIGINT from outside): a newline and exit 130, as shells expect of an interrupted program.
    if (end === 'interrupt' || signal === 'SIGINT') {
      if (end !== 'interrupt') process.stdout.write('\n');
      process.exitCode = 130;
    }
  } finally {
    holder.close();
    await engine.embedder.dispose();
    // stdin may still hold the event loop open after a signal.
    if (stop.signal.aborted) process.stdin.destroy();
  }
}

async function runBot(token: string): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, secrets: [token] });
  const metrics = new Metrics();
  const onDroppedQuote = (event: { quote: string; chunkId: string }): void => log.warn({ chunkId: event.chunkId }, 'dropped a quote that was not verbatim');
  const engine = await openEngine(config, { onDroppedQuote });
  const holder = new EngineHolder(engine, {
    indexDir: config.indexDir,
    corpusDir: config.corpusDir,
    cacheDir: config.cacheDir,
    embedder: engine.embedder,
    onDroppedQuote,
    isolate: true, // /reindex builds in a child process: the bot keeps answering meanwhile
    buildTimeoutMs: config.reindexTimeoutSeconds * 1000,
  });
  const settingsStore = openSettingsStore(config.dataDir, log);
  const bot = new Bot({ ...botSettings(config), engines: holder, log, metrics, settingsStore });
  bot.addHealthCheck(() => bot.ctx.feedback?.problem() ?? null);
  // An index rebuilt by another process (npm run build-index / add-report) is loaded without a restart.
  holder.watch({
    onReload: (e) => {
      metrics.reload('watch', 'ok');
      log.info({ reports: e.reports.map((r) => r.meta.id), chunks: e.index.manifest.counts.chunks }, 'index reloaded from disk');
    },
    onError: (err) => {
      metrics.reload('watch', 'failed');
      log.error({ err }, 'could not reload the index from disk; the previous index stays live');
    },
  });
  let server: MonitoringServer | null = null;
  const graceMs = config.bot.shutdownGraceSeconds * 1000;
  const stop = async (): Promise<void> => {
    const summary = await bot.stop({ graceMs, finalMs: STOP_FINAL_MS });
    log.info(summary, 'discord client stopped');
    holder.close();
    await server?.close();
    await engine.embedder.dispose();
  };
  try {
    if (config.metrics) {
      server = await startMonitoringServer({ ...config.metrics, metrics, health: () => bot.health() });
      log.info({ url: server.url }, 'monitoring server listening (/healthz, /metrics)');
    }
    // The deadline leaves stopping its grace, the failed questions' replies and closing down (src/bot/process.ts).
    installProcessHandlers({ log, stop, deadlineMs: graceMs + SHUTDOWN_DEADLINE_MS - STOP_GRACE_MS });
    await bot.start(token);
  } catch (e) {
    await stop();
    throw e;
  }
}
