/** `npm run deploy-commands` against the fake Discord, and `npm start` without a token answering from stdin. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayIntentBits } from 'discord-api-types/v10';
import { commandData } from '../../src/bot/commands/index.js';
import { FakeDiscord } from '../fake-discord/index.js';
import { runScript } from '../helpers/run.js';
import { embedOf, runScriptAsync, startScript, type LogRecord } from './harness.js';

describe('npm run deploy-commands', () => {
  let fake: FakeDiscord;
  const names = commandData().map((c) => c.name);

  beforeAll(async () => {
    fake = await new FakeDiscord().start();
  });

  afterAll(async () => {
    await fake?.stop();
  });

  const env = (guildId: string): NodeJS.ProcessEnv => ({
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_GUILD_ID: guildId,
    DISCORD_API_BASE_URL: fake.apiBase,
  });

  it('registers the commands in the guild when DISCORD_GUILD_ID is set', async () => {
    const r = await runScriptAsync('deploy-commands', [], { env: env(fake.guild.id) });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const shown = commandData().map((c) => (c.type === 3 ? `“${c.name}” (message menu)` : `/${c.name}`));
    expect(shown).toContain('“Ask Verbatim” (message menu)');
    expect(r.stdout).toBe(`Registered ${names.length} commands (${shown.join(', ')}) in guild ${fake.guild.id}.\n`);
    const put = fake.findRequests('PUT /applications/:appId/guilds/:guildId/commands');
    expect(put).toHaveLength(1);
    expect(put[0]?.status).toBe(200);
    expect(put[0]?.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(fake.commands(fake.guild.id).map((c) => c.name)).toEqual(names);
    expect(fake.commands(null)).toEqual([]);
    expect(`${r.stdout}${r.stderr}`).not.toContain(fake.token);
  });

  it('registers them globally otherwise', async () => {
    const r = await runScriptAsync('deploy-commands', [], { env: env('') });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/ globally\.\n$/u);
    expect(fake.findRequests('PUT /applications/:appId/commands')).toHaveLength(1);
    expect(fake.commands(null).map((c) => c.name)).toEqual(names);
    const reindex = fake.commands(null).find((c) => c.name === 'reindex');
    expect(reindex?.default_member_permissions).toBe('32');
    expect(reindex?.contexts).toEqual([0]);
  });

  it('names the missing variable', async () => {
    const r = await runScriptAsync('deploy-commands', [], { env: { ...env(''), DISCORD_CLIENT_ID: '' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: DISCORD_CLIENT_ID is not set/u);
  });

  /** One line on stderr, exit 2, no stack, no token. */
  const expectOneLine = (r: { status: number | null; stdout: string; stderr: string }, pattern: RegExp): void => {
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /u);
    expect(r.stdout + r.stderr).not.toContain(fake.token);
  };

  it('a refused token (401) is one line naming DISCORD_TOKEN, exit 2', async () => {
    const strict = await new FakeDiscord({ token: `${fake.token}-the-right-one` }).start();
    try {
      const r = await runScriptAsync('deploy-commands', [], { env: { ...env(''), DISCORD_API_BASE_URL: strict.apiBase, DISCORD_CLIENT_ID: strict.applicationId } });
      expectOneLine(r, /^error: Discord refused the bot token while registering the commands \(401 Unauthorized\): check DISCORD_TOKEN /u);
    } finally {
      await strict.stop();
    }
  });

  it('an application the token does not belong to is one line naming DISCORD_CLIENT_ID, exit 2', async () => {
    const r = await runScriptAsync('deploy-commands', [], { env: { ...env(''), DISCORD_CLIENT_ID: '123456789012345678' } });
    expectOneLine(r, /^error: Discord does not know this application, or the token belongs to another one, .*check DISCORD_CLIENT_ID/u);
  });

  it('a guild the bot is not in is one line naming DISCORD_GUILD_ID, exit 2', async () => {
    const r = await runScriptAsync('deploy-commands', [], { env: env('123456789012345678') });
    expectOneLine(r, /^error: Discord refused access to the guild .*check DISCORD_GUILD_ID/u);
  });

  it('an unreachable Discord is one line naming DISCORD_API_BASE_URL, exit 2', async () => {
    const r = await runScriptAsync('deploy-commands', [], { env: { ...env(''), DISCORD_API_BASE_URL: 'http://127.0.0.1:1/api' } });
    expectOneLine(r, /^error: could not reach Discord at 127\.0\.0\.1:1 while registering the commands \(ECONNREFUSED\)\. Check the network connection or DISCORD_API_BASE_URL\.\n$/u);
  });

  it('--help prints the usage and deploys nothing', async () => {
    const before = fake.requests.length;
    const r = await runScriptAsync('deploy-commands', ['--help'], { env: env('') });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: deploy-commands \[options\]/u);
    expect(fake.requests.length).toBe(before);
  });
});

describe('npm start: clear errors connecting to Discord', () => {
  it('a gateway refusing the Message Content intent ("Used disallowed intents") is one line saying to enable it, exit 2', async () => {
    const strict = await new FakeDiscord({ disallowedIntents: GatewayIntentBits.MessageContent }).start();
    try {
      const r = await runScriptAsync('start', [], {
        env: { DISCORD_TOKEN: strict.token, DISCORD_API_BASE_URL: strict.apiBase, ASK_CHANNEL_IDS: strict.channelId, LOG_LEVEL: 'silent' },
        timeoutMs: 30_000,
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^error: Discord refused to connect: "Used disallowed intents" \(gateway close 4014\)\. .*enable it in the Developer Portal .*Message Content Intent/mu);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await strict.stop();
    }
  }, 40_000);

  it('a refused token is one line naming DISCORD_TOKEN, exit 2', async () => {
    const strict = await new FakeDiscord({ token: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.the-right-token-is-another-one-entirely' }).start();
    try {
      const wrong = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.this-is-not-the-token-the-fake-expects-xx';
      const r = await runScriptAsync('start', [], { env: { DISCORD_TOKEN: wrong, DISCORD_API_BASE_URL: strict.apiBase, ASK_CHANNEL_IDS: '', LOG_LEVEL: 'silent' }, timeoutMs: 30_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^error: Discord refused the bot token while logging in \(401 Unauthorized\): check DISCORD_TOKEN/u);
      expect(r.stderr + r.stdout).not.toContain(wrong);
    } finally {
      await strict.stop();
    }
  }, 40_000);

  it('rejects an unknown option instead of ignoring it', async () => {
    const r = await runScriptAsync('start', ['--bogus'], { env: { DISCORD_TOKEN: '' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown option '--bogus'/u);
    expect(r.stdout).toBe('');
  });
});

describe('npm start without a token', () => {
  it('says how to configure one and answers questions from stdin until EOF', () => {
    const r = runScript('start', [], { input: 'How many polling stations were observed?\n\n<@123456789012345678>\n', env: { DISCORD_TOKEN: '' } });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/DISCORD_TOKEN is not set/u);
    expect(r.stderr).toMatch(/\.env\.example/u);
    // The report is named once above the quotes (one report indexed), not in every citation.
    expect(r.stdout).toMatch(/^From: Kazakhstan 2012 parliamentary – preliminary statement\n\n> /u);
    expect(r.stdout).toMatch(/^ {2}— [^\n]+ · p\. \d+ · (¶|footnote) \d+$/mu);
    expect(r.stdout).not.toMatch(/— Kazakhstan 2012/u);
    expect(r.stdout).toContain('Please ask a question: the message was empty.');
    expect(r.stdout).not.toContain('Ask> ');
  });
});

describe('npm start with a token', () => {
  it('runs the bot (JSON logs without the token or question text), answers, and exits 0 on SIGTERM', async () => {
    const fake = await new FakeDiscord().start();
    try {
      const run = startScript('start', [], {
        env: { DISCORD_TOKEN: fake.token, DISCORD_API_BASE_URL: fake.apiBase, DISCORD_GUILD_ID: '', ASK_CHANNEL_IDS: '', ADMIN_USER_IDS: '', LOG_LEVEL: 'info' },
      });
      await fake.gateway.waitForLive(30_000);
      const question = 'How many polling stations were observed?';
      const ix = await fake.sendInteraction({ kind: 'slash', name: 'ask', options: { question } });
      expect((await ix.callback()).body).toMatchObject({ type: 5 });
      expect(embedOf((await ix.editOriginal()).body).description).toMatch(/^> /u);
      await expect.poll(() => run.stdout).toContain('answered /ask');
      run.child.kill('SIGTERM');
      const result = await run.done;
      expect(result.status).toBe(0);
      const records = result.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogRecord);
      expect(records.map((r) => r.msg)).toEqual(expect.arrayContaining(['bot ready', 'answered /ask', 'shutting down']));
      const answered = records.find((r) => r.msg === 'answered /ask');
      expect(answered).toMatchObject({ level: 30, interactionId: ix.id, userId: fake.users.alice.id, questionLength: question.length });
      expect(answered?.latencyMs).toEqual(expect.any(Number));
      expect(result.stdout + result.stderr).not.toContain(fake.token);
      expect(result.stdout).not.toContain(question);
    } finally {
      await fake.stop();
    }
  }, 60_000);
});
