/**
 * npm start: runs the Discord bot when DISCORD_TOKEN is set. Without a token it
 * says how to configure one (stderr) and answers questions in the terminal
 * instead, with the same pipeline ("Ask> " prompt on a TTY; one question per
 * line of stdin otherwise, until EOF). The running bot reloads the index when
 * another process rebuilds it (EngineHolder.watch).
 */
import { runCli } from '../src/cli/run.js';
import { loadConfig } from '../src/config/config.js';
import { EngineHolder } from '../src/engine/holder.js';
import { openEngine } from '../src/engine/open.js';
import { createLogger } from '../src/log/logger.js';
import { Bot, botSettings } from '../src/bot/bot.js';
import { installProcessHandlers } from '../src/bot/process.js';
import { runTerminalSession } from '../src/bot/terminal.js';

const NO_TOKEN_HELP =
  'DISCORD_TOKEN is not set, so Verbatim is not connecting to Discord. To run the bot, copy .env.example to .env, ' +
  'set DISCORD_TOKEN and DISCORD_CLIENT_ID (from the Discord developer portal), and run `npm run deploy-commands` once. ' +
  'Meanwhile you can ask questions here: answers come from the same pipeline as the bot (Ctrl+D to quit).\n';

await runCli(async () => {
  const config = loadConfig();
  const token = config.discord.token;
  if (!token) {
    process.stderr.write(NO_TOKEN_HELP);
    const engine = await openEngine(config);
    try {
      await runTerminalSession(engine, { input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true });
    } finally {
      await engine.embedder.dispose();
    }
    return;
  }

  const log = createLogger({ level: config.logLevel, secrets: [token] });
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
  const bot = new Bot({ ...botSettings(config), engines: holder, log });
  // An index rebuilt by another process (npm run build-index / add-report) is loaded without a restart.
  const unwatch = holder.watch({
    onReload: (e) => log.info({ reports: e.reports.map((r) => r.meta.id), chunks: e.index.manifest.counts.chunks }, 'index reloaded from disk'),
    onError: (err) => log.error({ err }, 'could not reload the index from disk; the previous index stays live'),
  });
  const stop = async (): Promise<void> => {
    unwatch();
    await bot.stop();
    await engine.embedder.dispose();
  };
  installProcessHandlers({ log, stop });
  try {
    await bot.start(token);
  } catch (e) {
    await stop();
    throw e;
  }
});
