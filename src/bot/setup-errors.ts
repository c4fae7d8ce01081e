/**
 * What goes wrong when connecting to Discord, in one line with a hint:
 * `npm start` logging in, `npm run deploy-commands` registering commands.
 * A bad token, an unknown application, a guild the bot is not in, a gateway
 * that refuses a privileged intent, a network that cannot reach Discord.
 * Messages name variables (DISCORD_TOKEN, DISCORD_CLIENT_ID, …), never their
 * values.
 */
import { DiscordAPIError, DiscordjsErrorCodes, GatewayCloseCodes } from 'discord.js';

/** A setup problem the operator can fix; CLIs print its message and exit 2. */
export class StartupError extends Error {
  override name = 'StartupError';
}

const TOKEN_HINT = 'check DISCORD_TOKEN (Developer Portal → your application → Bot → Reset Token, then put the new token in .env)';

/** Discord's gateway closed the connection for good (discord.js does not reconnect after these codes). */
export function gatewayCloseError(code: number): StartupError | null {
  switch (code) {
    case GatewayCloseCodes.AuthenticationFailed:
      return new StartupError(`Discord refused the bot token when connecting (gateway close ${code}): ${TOKEN_HINT}.`);
    case GatewayCloseCodes.DisallowedIntents:
      return new StartupError(
        `Discord refused to connect: "Used disallowed intents" (gateway close ${code}). ASK_CHANNEL_IDS is set, so the bot asks for the privileged Message Content intent: ` +
          'enable it in the Developer Portal (your application → Bot → Privileged Gateway Intents → Message Content Intent), or unset ASK_CHANNEL_IDS.',
      );
    case GatewayCloseCodes.InvalidIntents:
      return new StartupError(`Discord refused the gateway intents the bot asked for (gateway close ${code}); this is a bug, please report it.`);
    case GatewayCloseCodes.ShardingRequired:
      return new StartupError(`Discord requires sharding for this bot (gateway close ${code}): it is in too many servers for one connection.`);
    case GatewayCloseCodes.InvalidShard:
    case GatewayCloseCodes.InvalidAPIVersion:
      return new StartupError(`Discord closed the gateway connection with code ${code}; the bot cannot connect.`);
    default:
      return null;
  }
}

/** The system error code (ENOTFOUND, ECONNREFUSED, …) of a network failure, looking through `cause` chains. */
function networkCause(error: unknown): { code: string; hostname?: string } | null {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e !== null && typeof e === 'object'; depth++) {
    const { code, hostname, cause } = e as { code?: unknown; hostname?: unknown; cause?: unknown };
    if (typeof code === 'string' && /^E[A-Z_]+$/u.test(code) && code !== 'ERR_INVALID_ARG_TYPE') {
      return { code, ...(typeof hostname === 'string' ? { hostname } : {}) };
    }
    if (typeof code === 'string' && code.startsWith('UND_ERR_')) return { code };
    e = cause;
  }
  return null;
}

function hostOf(apiBaseUrl: string | undefined): string {
  try {
    return new URL(apiBaseUrl ?? 'https://discord.com/api').host;
  } catch {
    return 'discord.com';
  }
}

export interface SetupContext {
  /** What was being done, e.g. "registering the commands", "logging in". */
  action: string;
  apiBaseUrl?: string | undefined;
  /** Whether a guild id was used (DISCORD_GUILD_ID). */
  guild?: boolean;
}

/**
 * The one-line StartupError for a failure talking to Discord, or null when
 * the error is not one this knows (the caller rethrows it as it is).
 */
export function describeSetupFailure(error: unknown, context: SetupContext): StartupError | null {
  const host = hostOf(context.apiBaseUrl);
  const base = context.apiBaseUrl ? ' or DISCORD_API_BASE_URL' : '';
  if (error instanceof StartupError) return error;
  if (error instanceof Error && 'code' in error && error.code === DiscordjsErrorCodes.TokenInvalid) {
    return new StartupError(`Discord refused the bot token while ${context.action} (401 Unauthorized): ${TOKEN_HINT}.`);
  }
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) return new StartupError(`Discord refused the bot token while ${context.action} (401 Unauthorized): ${TOKEN_HINT}.`);
    if (error.code === 10002 || error.code === 20012 || (error.status === 404 && /\/applications\//u.test(error.url))) {
      return new StartupError(
        `Discord does not know this application, or the token belongs to another one, while ${context.action} (${error.code === 0 ? error.status : error.code} ${error.message}): ` +
          "check DISCORD_CLIENT_ID (Developer Portal → General Information → Application ID) and that DISCORD_TOKEN is that application's bot token.",
      );
    }
    if (context.guild && (error.code === 50001 || error.code === 10004)) {
      return new StartupError(
        `Discord refused access to the guild while ${context.action} (${error.code} ${error.message}): check DISCORD_GUILD_ID, and that the bot was invited there with the applications.commands scope (see README).`,
      );
    }
    return null;
  }
  const net = networkCause(error);
  if (net) {
    const where = net.hostname ?? host;
    if (net.code === 'ENOTFOUND' || net.code === 'EAI_AGAIN' || net.code === 'EAI_NONAME') {
      return new StartupError(`could not reach Discord while ${context.action}: the DNS lookup of ${where} failed (${net.code}). Check the network connection${base}.`);
    }
    return new StartupError(`could not reach Discord at ${where} while ${context.action} (${net.code}). Check the network connection${base}.`);
  }
  return null;
}
