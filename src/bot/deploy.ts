/**
 * Registers the slash commands (bulk overwrite): in one guild when a guild id
 * is given (instant; for development), globally otherwise. A refused token,
 * an unknown application, a guild the bot is not in or an unreachable
 * Discord rejects with a one-line StartupError (setup-errors.ts).
 */
import { REST, Routes } from 'discord.js';
import { commandData } from './commands/index.js';
import { describeSetupFailure } from './setup-errors.js';

export interface DeployOptions {
  token: string;
  clientId: string;
  guildId?: string | undefined;
  /** REST API base (DISCORD_API_BASE_URL); default Discord's. */
  apiBaseUrl?: string | undefined;
}

export interface DeployResult {
  scope: 'guild' | 'global';
  names: string[];
}

export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  const rest = new REST(options.apiBaseUrl ? { api: options.apiBaseUrl } : {}).setToken(options.token);
  const route = options.guildId ? Routes.applicationGuildCommands(options.clientId, options.guildId) : Routes.applicationCommands(options.clientId);
  let registered: readonly { name: string }[];
  try {
    registered = (await rest.put(route, { body: commandData() })) as readonly { name: string }[];
  } catch (e) {
    throw describeSetupFailure(e, { action: 'registering the commands', apiBaseUrl: options.apiBaseUrl, guild: options.guildId !== undefined }) ?? e;
  }
  return { scope: options.guildId ? 'guild' : 'global', names: registered.map((c) => c.name) };
}
