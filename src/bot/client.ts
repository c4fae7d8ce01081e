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

/**
 * REST retries: a request answered 5xx (or failing at the network level) is
 * sent again, up to this many times, at once (@discordjs/rest's default is
 * also 3; set here so it is a decision, not an accident). 429s are not
 * retries: discord.js waits out Retry-After and sends again.
 */
export const REST_RETRIES = 3;

export function clientOptions(settings: ClientSettings): ClientOptions {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  if (settings.askChannelIds.length > 0) intents.push(GatewayIntentBits.MessageContent);
  return {
    intents,
    partials: [Partials.Channel],
    allowedMentions: NO_PINGS,
    // A reply to a message deleted meanwhile is posted without its reference, not refused (50035).
    failIfNotExists: false,
    rest: { retries: REST_RETRIES, ...(settings.apiBaseUrl ? { api: settings.apiBaseUrl } : {}) },
  };
}

export function createClient(settings: ClientSettings): Client {
  return new Client(clientOptions(settings));
}
