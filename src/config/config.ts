/**
 * Configuration from the environment (and a `.env` file when present),
 * validated by zod. Errors name the variable and never echo its value.
 *
 * The variables come in sections, and each command validates only the
 * sections it uses (`loadConfig(env, { sections: ['data', 'embedder'] })`):
 * a bad RATE_LIMIT_QUESTIONS must not stop `npm run ask`, which never rate
 * limits. Every invalid variable of those sections is reported at once, in
 * one line. A feature that needs new variables adds them to a section (or a
 * new section) here, with its documentation in .env.example.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { EmbedderConfigSchema, embedderIdFor, type EmbedderConfig } from '../embed/index.js';
import { conventionsOf } from '../embed/models.js';

/** The default sentence encoder: a folder under MODELS_DIR (models/ in the repository). */
export const DEFAULT_MODEL = 'e5-small-v2';

/** A configuration problem; the message names the variable, never its value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const snowflake = z.string().regex(/^\d{17,20}$/u, 'must be a Discord id (17–20 digits)');
const idList = z
  .string()
  .transform((s) => s.split(/[\s,]+/u).filter(Boolean))
  .pipe(z.array(snowflake));
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no', ''], 'must be true or false').transform((v) => v === 'true' || v === '1' || v === 'yes');
const emptyToUndefined = (v: unknown): unknown => (v === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, value: z.output<T>) => z.preprocess(emptyToUndefined, schema.default(value as never));
const wholeNumber = (min: number, max: number) =>
  z.coerce.number(`must be a whole number from ${min} to ${max}`).int(`must be a whole number from ${min} to ${max}`).min(min, `must be a whole number from ${min} to ${max}`).max(max, `must be a whole number from ${min} to ${max}`);
/** Where an answer to a message opens a thread for follow-ups (ANSWER_THREADS). */
export const ANSWER_THREAD_MODES = ['off', 'ask-channels', 'all'] as const;
export type AnswerThreadMode = (typeof ANSWER_THREAD_MODES)[number];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The variables of each section. */
const SECTION_SCHEMAS = {
  /** Connecting to Discord: the bot, `deploy-commands`. */
  discord: z.object({
    DISCORD_TOKEN: optional(z.string().min(50, 'looks too short to be a bot token')),
    DISCORD_CLIENT_ID: optional(snowflake),
    DISCORD_GUILD_ID: optional(snowflake),
    DISCORD_API_BASE_URL: optional(z.url('must be a URL')),
  }),
  /** How the running bot behaves. */
  bot: z.object({
    ASK_CHANNEL_IDS: optional(idList),
    ADMIN_USER_IDS: optional(idList),
    RATE_LIMIT_QUESTIONS: withDefault(wholeNumber(1, 1000), 5),
    RATE_LIMIT_WINDOW_SECONDS: withDefault(wholeNumber(1, 86_400), 30),
    RATE_LIMIT_CHANNEL_QUESTIONS: withDefault(wholeNumber(1, 10_000), 20),
    REINDEX_TIMEOUT_SECONDS: withDefault(wholeNumber(1, 86_400), 1800),
    SHUTDOWN_GRACE_SECONDS: withDefault(wholeNumber(0, 3600), 5),
    ANSWER_THREADS: withDefault(z.enum(ANSWER_THREAD_MODES, `must be one of ${ANSWER_THREAD_MODES.join(', ')}`), 'ask-channels'),
  }),
  /** The embedding model. */
  embedder: z.object({
    EMBEDDER: withDefault(z.enum(['use-lite', 'transformers'], 'must be use-lite or transformers'), 'transformers'),
    EMBEDDER_MODEL: withDefault(z.string(), DEFAULT_MODEL),
    // Unset or empty: the model's own conventions (embed/models.ts).
    EMBEDDER_QUERY_PREFIX: optional(z.string()),
    EMBEDDER_PASSAGE_PREFIX: optional(z.string()),
    EMBEDDER_POOLING: optional(z.enum(['mean', 'cls'], 'must be mean or cls')),
    MODELS_DIR: withDefault(z.string(), 'models'),
    ALLOW_MODEL_DOWNLOADS: withDefault(bool, false),
  }),
  /** Where the reports, the index, the embedding cache and the bot's own stores are. */
  data: z.object({
    CORPUS_DIR: withDefault(z.string(), 'corpus'),
    INDEX_DIR: withDefault(z.string(), 'index'),
    CACHE_DIR: withDefault(z.string(), '.cache/embeddings'),
    DATA_DIR: withDefault(z.string(), 'data'),
  }),
  /** The feedback store (👍/👎 on answers); its default place is in DATA_DIR. */
  feedback: z.object({
    FEEDBACK_FILE: optional(z.string()),
    FEEDBACK_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
  }),
  /** The bot's logs. */
  log: z.object({
    LOG_LEVEL: withDefault(z.enum(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(', ')}`), 'info'),
  }),
  /** The HTTP server of /healthz and /metrics (off unless METRICS_PORT is set). */
  metrics: z.object({
    METRICS_PORT: optional(wholeNumber(1, 65_535)),
    METRICS_HOST: withDefault(z.string().min(1), '127.0.0.1'),
  }),
} as const;

export type ConfigSection = keyof typeof SECTION_SCHEMAS;
export const CONFIG_SECTIONS = Object.keys(SECTION_SCHEMAS) as ConfigSection[];
/** Every variable read, by section (each is documented in .env.example; a test checks). */
export const CONFIG_VARIABLES: Readonly<Record<ConfigSection, readonly string[]>> = Object.fromEntries(
  CONFIG_SECTIONS.map((section) => [section, Object.keys(SECTION_SCHEMAS[section].shape)]),
) as Record<ConfigSection, string[]>;

export type LogLevelName = (typeof LOG_LEVELS)[number];

export interface DiscordConfig {
  token: string | undefined;
  clientId: string | undefined;
  guildId: string | undefined;
  apiBaseUrl: string | undefined;
}

export interface BotConfig {
  /** Channels where every plain message is a question. */
  askChannelIds: string[];
  /** Users allowed to /reindex (empty: members with Manage Server). */
  adminUserIds: string[];
  /** Per user: `questions` in any `windowSeconds`; per channel: `channelQuestions` public answers in the same window. */
  rateLimit: { questions: number; windowSeconds: number; channelQuestions: number };
  /** On SIGTERM/SIGINT, how long questions in flight get to finish before the rest are failed with a message. */
  shutdownGraceSeconds: number;
  /** Which answers to messages open a thread on the question: none, those in ASK_CHANNEL_IDS, or mentions too. */
  answerThreads: AnswerThreadMode;
}

/** The monitoring HTTP server; null when off. */
export type MetricsConfig = { port: number; host: string } | null;

export interface AppConfig {
  discord: DiscordConfig;
  bot: BotConfig;
  embedder: EmbedderConfig;
  embedderId: string;
  corpusDir: string;
  indexDir: string;
  cacheDir: string;
  /** Time limit of the build /reindex runs in a child process, in seconds. */
  reindexTimeoutSeconds: number;
  /** The folder for what the bot itself stores (the feedback store); deployments make it writable beside the index. */
  dataDir: string;
  /** The feedback store: FEEDBACK_FILE (default <DATA_DIR>/feedback.jsonl), FEEDBACK_SECRET, and where a generated secret is kept. */
  feedback: { file: string; secret: string | undefined; secretFile: string };
  logLevel: LogLevelName;
  metrics: MetricsConfig;
}

/** Which AppConfig keys each section fills. */
const SECTION_KEYS = {
  discord: ['discord'],
  bot: ['bot', 'reindexTimeoutSeconds'],
  embedder: ['embedder', 'embedderId'],
  data: ['corpusDir', 'indexDir', 'cacheDir', 'dataDir'],
  feedback: ['feedback'],
  log: ['logLevel'],
  metrics: ['metrics'],
} as const satisfies Record<ConfigSection, readonly (keyof AppConfig)[]>;

/** The part of AppConfig that sections `S` fill. */
export type ConfigOf<S extends ConfigSection> = Pick<AppConfig, (typeof SECTION_KEYS)[S][number]>;

export interface LoadConfigOptions<S extends ConfigSection> {
  /** Read `.env` (only when `env` is process.env; default true). */
  dotenv?: boolean;
  /** The sections to validate and return; default all. */
  sections?: readonly S[];
}

let dotenvLoaded = false;

type Env = Record<string, unknown>;

/**
 * Reads the configuration. `.env` in the working directory fills variables
 * the environment lacks. Throws one ConfigError naming every invalid
 * variable of the sections asked for.
 */
export function loadConfig<S extends ConfigSection = ConfigSection>(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions<S> = {}): ConfigOf<S> {
  if (options.dotenv !== false && env === process.env && !dotenvLoaded) {
    dotenvLoaded = true;
    if (existsSync('.env')) loadDotenv({ path: '.env', quiet: true });
  }
  const sections: readonly ConfigSection[] = options.sections ?? CONFIG_SECTIONS;
  const problems: string[] = [];
  const values: Partial<Record<ConfigSection, Env>> = {};
  for (const section of sections) {
    const result = SECTION_SCHEMAS[section].safeParse(env);
    if (result.success) values[section] = result.data as Env;
    else for (const issue of result.error.issues) problems.push(`${String(issue.path[0] ?? section)} is invalid: ${issue.message}`);
  }
  const out: Partial<AppConfig> = {};
  if (values.embedder) {
    const embedder = embedderConfig(values.embedder);
    if (typeof embedder === 'string') problems.push(embedder);
    else Object.assign(out, { embedder, embedderId: embedderIdFor(embedder) });
  }
  if (problems.length > 0) throw new ConfigError(`${[...new Set(problems)].join('; ')} (see .env.example)`);
  const { discord, bot, data, feedback, log, metrics } = values;
  if (discord) {
    out.discord = {
      token: discord.DISCORD_TOKEN as string | undefined,
      clientId: discord.DISCORD_CLIENT_ID as string | undefined,
      guildId: discord.DISCORD_GUILD_ID as string | undefined,
      apiBaseUrl: discord.DISCORD_API_BASE_URL as string | undefined,
    };
  }
  if (bot) {
    out.bot = {
      askChannelIds: (bot.ASK_CHANNEL_IDS as string[] | undefined) ?? [],
      adminUserIds: (bot.ADMIN_USER_IDS as string[] | undefined) ?? [],
      rateLimit: { questions: bot.RATE_LIMIT_QUESTIONS as number, windowSeconds: bot.RATE_LIMIT_WINDOW_SECONDS as number, channelQuestions: bot.RATE_LIMIT_CHANNEL_QUESTIONS as number },
      shutdownGraceSeconds: bot.SHUTDOWN_GRACE_SECONDS as number,
      answerThreads: bot.ANSWER_THREADS as AnswerThreadMode,
    };
    out.reindexTimeoutSeconds = bot.REINDEX_TIMEOUT_SECONDS as number;
  }
  if (data) {
    Object.assign(out, {
      corpusDir: resolve(data.CORPUS_DIR as string),
      indexDir: resolve(data.INDEX_DIR as string),
      cacheDir: resolve(data.CACHE_DIR as string),
      dataDir: resolve(data.DATA_DIR as string),
    });
  }
  if (feedback) {
    // DATA_DIR as the data section reads it (it is not validated beyond being text).
    const dataDir = resolve(SECTION_SCHEMAS.data.shape.DATA_DIR.parse(env.DATA_DIR) as string);
    out.feedback = {
      file: resolve((feedback.FEEDBACK_FILE as string | undefined) ?? join(dataDir, 'feedback.jsonl')),
      secret: feedback.FEEDBACK_SECRET as string | undefined,
      secretFile: join(dataDir, 'feedback.secret'),
    };
  }
  if (log) out.logLevel = log.LOG_LEVEL as LogLevelName;
  if (metrics) out.metrics = metrics.METRICS_PORT === undefined ? null : { port: metrics.METRICS_PORT as number, host: metrics.METRICS_HOST as string };
  return out as ConfigOf<S>;
}

/** The embedder configuration, or the problem with it. */
function embedderConfig(e: Env): EmbedderConfig | string {
  if (e.EMBEDDER === 'use-lite') return EmbedderConfigSchema.parse({ kind: 'use-lite' });
  const model = e.EMBEDDER_MODEL as string;
  const r = EmbedderConfigSchema.safeParse({
    kind: 'transformers',
    model,
    modelsDir: resolve(e.MODELS_DIR as string),
    allowRemote: e.ALLOW_MODEL_DOWNLOADS,
    pooling: e.EMBEDDER_POOLING ?? conventionsOf(model).pooling,
    queryPrefix: e.EMBEDDER_QUERY_PREFIX ?? conventionsOf(model).queryPrefix,
    passagePrefix: e.EMBEDDER_PASSAGE_PREFIX ?? conventionsOf(model).passagePrefix,
  });
  return r.success ? r.data : `EMBEDDER_MODEL is invalid: ${r.error.issues[0]?.message ?? 'bad value'}`;
}
