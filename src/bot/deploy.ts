/**
 * Registers the slash commands (bulk overwrite): in one guild when a guild id
 * is given (instant; for development), globally otherwise.
 */
import { REST, Routes } from 'discord.js';
import { commandData } from './commands/index.js';

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
  const registered = (await rest.put(route, { body: commandData() })) as readonly { name: string }[];
  return { scope: options.guildId ? 'guild' : 'global', names: registered.map((c) => c.name) };
}
