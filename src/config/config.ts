/**
 * Configuration from the environment (and a `.env` file when present),
 * validated by zod. Errors name the variable and never echo its value.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { EmbedderConfigSchema, embedderIdFor, type EmbedderConfig } from '../embed/index.js';
import { conventionsOf } from '../embed/models.js';

/** The default sentence encoder: a folder under MODELS_DIR (models/ in the repository). */
export const DEFAULT_MODEL = 'bge-small-en-v1.5';

/** A configuration problem; the message names the variable, never its value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const snowflake = z.string().regex(/^\d{17,20}$/u, 'must be a Discord id (17–20 digits)');
const idList = z
  .string()
  .transform((s) => s.split(/[\s,]+/u).filter(Boolean))
  .pipe(z.array(snowflake));
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const emptyToUndefined = (v: unknown): unknown => (v === '' ? undefined : v);

const EnvSchema = z.object({
  DISCORD_TOKEN: z.preprocess(emptyToUndefined, z.string().min(50, 'looks too short to be a bot token').optional()),
  DISCORD_CLIENT_ID: z.preprocess(emptyToUndefined, snowflake.optional()),
  DISCORD_GUILD_ID: z.preprocess(emptyToUndefined, snowflake.optional()),
  ASK_CHANNEL_IDS: z.preprocess(emptyToUndefined, idList.optional()),
  ADMIN_USER_IDS: z.preprocess(emptyToUndefined, idList.optional()),
  DISCORD_API_BASE_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  RATE_LIMIT_QUESTIONS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(5)),
  RATE_LIMIT_WINDOW_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(30)),
  EMBEDDER: z.preprocess(emptyToUndefined, z.enum(['use-lite', 'transformers']).default('transformers')),
  EMBEDDER_MODEL: z.preprocess(emptyToUndefined, z.string().default(DEFAULT_MODEL)),
  // Unset: the model's own conventions (embed/models.ts).
  EMBEDDER_QUERY_PREFIX: z.preprocess(emptyToUndefined, z.string().optional()),
  EMBEDDER_PASSAGE_PREFIX: z.preprocess(emptyToUndefined, z.string().optional()),
  EMBEDDER_POOLING: z.preprocess(emptyToUndefined, z.enum(['mean', 'cls']).optional()),
  MODELS_DIR: z.preprocess(emptyToUndefined, z.string().default('models')),
  ALLOW_MODEL_DOWNLOADS: z.preprocess(emptyToUndefined, bool.default(false)),
  CORPUS_DIR: z.preprocess(emptyToUndefined, z.string().default('corpus')),
  INDEX_DIR: z.preprocess(emptyToUndefined, z.string().default('index')),
  CACHE_DIR: z.preprocess(emptyToUndefined, z.string().default('.cache/embeddings')),
  REINDEX_TIMEOUT_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(1800)),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
});

export interface AppConfig {
  discord: {
    token: string | undefined;
    clientId: string | undefined;
    guildId: string | undefined;
    askChannelIds: string[];
    adminUserIds: string[];
    apiBaseUrl: string | undefined;
    rateLimit: { questions: number; windowSeconds: number };
  };
  embedder: EmbedderConfig;
  embedderId: string;
  corpusDir: string;
  indexDir: string;
  cacheDir: string;
  /** Time limit of the build /reindex runs in a child process, in seconds. */
  reindexTimeoutSeconds: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

let dotenvLoaded = false;

/** Reads the configuration. `.env` in the working directory fills variables the environment lacks. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { dotenv?: boolean } = {}): AppConfig {
  if (options.dotenv !== false && env === process.env && !dotenvLoaded) {
    dotenvLoaded = true;
    if (existsSync('.env')) loadDotenv({ path: '.env', quiet: true });
  }
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? 'configuration');
    throw new ConfigError(`${name} is invalid: ${issue?.message ?? 'bad value'} (see .env.example)`);
  }
  const e = result.data;
  const embedder: EmbedderConfig =
    e.EMBEDDER === 'use-lite'
      ? EmbedderConfigSchema.parse({ kind: 'use-lite' })
      : (() => {
          const r = EmbedderConfigSchema.safeParse({
            kind: 'transformers',
            model: e.EMBEDDER_MODEL,
            modelsDir: resolve(e.MODELS_DIR),
            allowRemote: e.ALLOW_MODEL_DOWNLOADS,
            pooling: e.EMBEDDER_POOLING ?? conventionsOf(e.EMBEDDER_MODEL).pooling,
            queryPrefix: e.EMBEDDER_QUERY_PREFIX ?? conventionsOf(e.EMBEDDER_MODEL).queryPrefix,
            passagePrefix: e.EMBEDDER_PASSAGE_PREFIX ?? conventionsOf(e.EMBEDDER_MODEL).passagePrefix,
          });
          if (!r.success) throw new ConfigError(`EMBEDDER_MODEL is invalid: ${r.error.issues[0]?.message ?? 'bad value'}`);
          return r.data;
        })();
  return {
    discord: {
      token: e.DISCORD_TOKEN,
      clientId: e.DISCORD_CLIENT_ID,
      guildId: e.DISCORD_GUILD_ID,
      askChannelIds: e.ASK_CHANNEL_IDS ?? [],
      adminUserIds: e.ADMIN_USER_IDS ?? [],
      apiBaseUrl: e.DISCORD_API_BASE_URL,
      rateLimit: { questions: e.RATE_LIMIT_QUESTIONS, windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS },
    },
    embedder,
    embedderId: embedderIdFor(embedder),
    corpusDir: resolve(e.CORPUS_DIR),
    indexDir: resolve(e.INDEX_DIR),
    cacheDir: resolve(e.CACHE_DIR),
    reindexTimeoutSeconds: e.REINDEX_TIMEOUT_SECONDS,
    logLevel: e.LOG_LEVEL,
  };
}
