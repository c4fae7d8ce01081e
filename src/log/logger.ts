/**
 * The application logger: pino, JSON lines by default, pretty-printed (pino-pretty,
 * in-process, no worker thread) only when the destination is a TTY.
 *
 * Rules every caller follows (and tests check):
 * - never pass the bot token to a log call; `redact` removes the usual token paths
 *   anyway, in case an object carrying one is logged by mistake;
 * - question text only at debug level; info logs carry ids, lengths and latencies.
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

export interface LoggerOptions {
  level: LogLevel;
  /** Where records go; default stdout. */
  destination?: DestinationStream;
  /** Pretty-print; default: only when writing to stdout and stdout is a TTY. */
  pretty?: boolean;
  /** Extra fields on every record. */
  base?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions): Logger {
  const prettyOutput = options.pretty ?? (options.destination === undefined && process.stdout.isTTY === true);
  const pinoOptions = {
    level: options.level,
    base: options.base ?? null,
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
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
