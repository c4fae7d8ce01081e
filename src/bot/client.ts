/** The discord.js Client the bot runs on: intents, partials, no pings, and the REST base URL. */
import { Client, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import { NO_PINGS } from './reply.js';

export interface ClientSettings {
  /** REST API base (discord.js `rest.api`, e.g. "https://discord.com/api"); tests point it at a fake. */
  apiBaseUrl?: string | undefined;
  /**
   * Channels where every message is a question. Only then is the privileged
   * Message Content intent requested (it must be enabled in the developer portal);
   * mentions and DMs carry their text without it.
   */
  askChannelIds: readonly string[];
}

export function clientOptions(settings: ClientSettings): ClientOptions {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  if (settings.askChannelIds.length > 0) intents.push(GatewayIntentBits.MessageContent);
  return {
    intents,
    partials: [Partials.Channel],
    allowedMentions: NO_PINGS,
    ...(settings.apiBaseUrl ? { rest: { api: settings.apiBaseUrl } } : {}),
  };
}

export function createClient(settings: ClientSettings): Client {
  return new Client(clientOptions(settings));
}
