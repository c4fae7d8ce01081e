/**
 * npm run deploy-commands: registers the slash commands (src/bot/commands/) —
 * in DISCORD_GUILD_ID when set (instant, for development), globally otherwise.
 * Honours DISCORD_API_BASE_URL. A refused token, an unknown application, a
 * guild the bot is not in or an unreachable Discord is one line, exit 2.
 */
import { Command } from 'commander';
import { runCli, UserError } from '../src/cli/run.js';
import { loadConfig } from '../src/config/config.js';
import { deployCommands } from '../src/bot/deploy.js';

await runCli(async () => {
  new Command('deploy-commands')
    .description(
      'Register the slash commands with Discord: in the guild DISCORD_GUILD_ID when it is set (they appear at once), globally otherwise. ' +
        'Needs DISCORD_TOKEN and DISCORD_CLIENT_ID (see .env.example).',
    )
    .exitOverride()
    .parse();
  const { token, clientId, guildId, apiBaseUrl } = loadConfig(process.env, { sections: ['discord'] }).discord;
  if (!token) throw new UserError('DISCORD_TOKEN is not set: put the bot token in .env (see .env.example).');
  if (!clientId) throw new UserError("DISCORD_CLIENT_ID is not set: put the application's id in .env (see .env.example).");
  const result = await deployCommands({ token, clientId, guildId, apiBaseUrl });
  // Slash commands as typed (/ask); context-menu commands (names with capitals or spaces) as they appear in the Apps menu.
  const names = result.names.map((n) => (/^[\p{Ll}\p{N}_-]+$/u.test(n) ? `/${n}` : `“${n}” (message menu)`)).join(', ');
  process.stdout.write(`Registered ${result.names.length} commands (${names}) ${result.scope === 'guild' ? `in guild ${guildId ?? ''}` : 'globally'}.\n`);
});
