/**
 * startHarness (tests/bot/harness.ts) with the log level and secrets under the
 * test's control: the privacy and secrets tests look at what a bot logging at
 * `info` (production's default) writes.
 */
import { Bot, botSettings } from '../../src/bot/bot.js';
import type { EngineSource } from '../../src/bot/context.js';
import { createLogger, type LogLevel } from '../../src/log/logger.js';
import { FakeDiscord } from '../fake-discord/index.js';
import { LogCapture, testConfig, type Harness } from '../bot/harness.js';

export interface LoggedBotOptions {
  engines: EngineSource;
  level: LogLevel;
  /** Passed to createLogger (values scrubbed from every line). */
  secrets?: (fake: FakeDiscord) => string[];
  env?: (fake: FakeDiscord) => Record<string, string>;
  /** Answer queue bounds (BotOptions.answerQueue). */
  answerQueue?: { concurrency: number; maxQueued: number };
}

export async function startLoggedBot(options: LoggedBotOptions): Promise<Harness> {
  const fake = await new FakeDiscord().start();
  const config = testConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE_URL: fake.apiBase, LOG_LEVEL: options.level, ...(options.env?.(fake) ?? {}) });
  const logs = new LogCapture();
  const log = createLogger({ level: options.level, destination: logs.stream, pretty: false, ...(options.secrets ? { secrets: options.secrets(fake) } : {}) });
  const bot = new Bot({ ...botSettings(config), engines: options.engines, log, ...(options.answerQueue ? { answerQueue: options.answerQueue } : {}) });
  await bot.start(config.discord.token ?? '');
  let n = 0;
  return {
    fake,
    bot,
    config,
    logs,
    user: (name) => fake.addUser({ username: `${name ?? 'user'}${++n}` }),
    async stop() {
      await bot.stop();
      await fake.stop();
    },
  };
}
