/**
 * The application logger: pino, JSON lines by default, pretty-printed (pino-pretty,
 * in-process, no worker thread) only when the destination is a TTY.
 *
 * Rules every caller follows (and tests check):
 * - never pass the bot token to a log call; `redact` removes the usual token paths
 *   anyway, in case an object carrying one is logged by mistake;
 * - question text only at debug level; info logs carry ids, lengths and latencies.
 *
 * And, whatever a caller does, every line is scrubbed just before it is written
 * (pino's `streamWrite` hook): the secrets given to `createLogger`, anything
 * shaped like a Discord bot token, and the interaction/webhook tokens inside
 * Discord URLs become "[redacted]", in any field, the message, or an error's
 * message and stack (an error thrown with the token in its text included).
 * Errors are serialised without discord.js's `requestBody` (the payload we
 * sent, which quotes the question).
 */
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';
export type LogLevel = Level | 'silent';

/** Paths removed from every log record (the token, authorization headers). */
export const REDACT_PATHS: readonly string[] = [
  'token',
  '*.token',
  '*.*.token',
  'discord.token',
  'config.discord.token',
  'authorization',
  'headers.authorization',
  '*.headers.authorization',
  'DISCORD_TOKEN',
  'env.DISCORD_TOKEN',
];

/** What a scrubbed secret is replaced with. */
export const REDACTED = '[redacted]';

/** A Discord bot token: base64 user id, timestamp, HMAC (three dot-separated base64url parts). */
const BOT_TOKEN = /[A-Za-z0-9_-]{20,}={0,2}\.[A-Za-z0-9_-]{5,8}\.[A-Za-z0-9_-]{25,}/gu;
/** Interaction and webhook tokens in Discord API paths: /webhooks/<id>/<token>, /interactions/<id>/<token>. */
const PATH_TOKEN = /(\/(?:webhooks|interactions)\/\d+\/)[A-Za-z0-9_.-]{20,}/gu;
/** Secrets shorter than this are not scrubbed by value (they would match ordinary words). */
const MIN_SECRET_LENGTH = 8;

/** `text` with every secret in `secrets`, every bot-token-shaped string and every token in a Discord API path replaced by "[redacted]". */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    // As written, and as it appears inside a JSON string.
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) out = out.split(form).join(REDACTED);
  }
  return out.replace(BOT_TOKEN, REDACTED).replace(PATH_TOKEN, `$1${REDACTED}`);
}

/** pino's error serialiser without discord.js's `requestBody` (the JSON and files we sent: they quote the question). */
function serializeError(err: unknown): unknown {
  const out: unknown = pino.stdSerializers.err(err as Error);
  if (typeof out !== 'object' || out === null) return out;
  const { requestBody: _sent, ...rest } = out as Record<string, unknown>;
  return rest;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Values never to write (the bot token); scrubbed from every line. */
  secrets?: readonly string[];
  /** Where records go; default stdout. */
  destination?: DestinationStream;
  /** Pretty-print; default: only when writing to stdout and stdout is a TTY. */
  pretty?: boolean;
  /** Extra fields on every record. */
  base?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions): Logger {
  const prettyOutput = options.pretty ?? (options.destination === undefined && process.stdout.isTTY === true);
  const secrets = [...(options.secrets ?? [])];
  const pinoOptions = {
    level: options.level,
    base: options.base ?? null,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: { err: serializeError },
    hooks: { streamWrite: (line: string): string => scrubSecrets(line, secrets) },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (prettyOutput) {
    const stream = pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', ...(options.destination ? { destination: options.destination } : {}) });
    return pino(pinoOptions, stream);
  }
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}

/** A logger that drops everything (for tests and tools that do not log). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Milliseconds since `start` (a `performance.now()` value), rounded, for log fields. */
export function msSince(start: number): number {
  return Math.round(performance.now() - start);
}
