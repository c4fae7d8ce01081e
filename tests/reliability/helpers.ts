/**
 * startHarness (tests/bot/harness.ts) with the log level chosen by the test:
 * the privacy and secrets tests look at what a bot logging at `info`
 * (production's default) writes.
 */
import type { EngineSource } from '../../src/bot/context.js';
import type { LogLevel } from '../../src/log/logger.js';
import type { FakeDiscord } from '../fake-discord/index.js';
import { startHarness, type Harness, type HarnessOptions } from '../bot/harness.js';

export interface LoggedBotOptions extends Omit<HarnessOptions, 'level' | 'fake'> {
  engines: EngineSource;
  level: LogLevel;
  secrets?: (fake: FakeDiscord) => string[];
}

export function startLoggedBot(options: LoggedBotOptions): Promise<Harness> {
  return startHarness(options);
}
