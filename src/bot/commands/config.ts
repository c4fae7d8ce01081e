/**
 * /config [report] [scope] [clear] (servers only): the default report of the
 * server or of this channel, kept in DATA_DIR/settings.json (store/settings.ts).
 * /ask, /search, /section, /footnote and mentions use it when no `report`
 * option is given; a channel's setting beats the server's. With no option it
 * shows the settings in force.
 *
 * Who may change it is checked here, not left to Discord's default member
 * permissions (which a server's admins can widen): members whose permissions
 * include Manage Server, and the users in ADMIN_USER_IDS.
 */
import { ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { Engine } from '../../engine/engine.js';
import { escapeText } from '../../render/discord.js';
import type { BotContext } from '../context.js';
import { ephemeralText } from '../reply.js';
import { REPORT_OPTION, reportOption, resolveReport, respondReportChoices } from './shared.js';

export const SCOPE_OPTION = 'scope';
export const CLEAR_OPTION = 'clear';

export const data = new SlashCommandBuilder()
  .setName('config')
  .setDescription('Set the default report of this server or channel (Manage Server).')
  .setContexts(InteractionContextType.Guild)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addStringOption((o) => reportOption(o).setDescription('The report questions here use when they name none'))
  .addStringOption((o) =>
    o
      .setName(SCOPE_OPTION)
      .setDescription('Set or clear it for the whole server (default) or for this channel only')
      .addChoices({ name: 'This server', value: 'server' }, { name: 'This channel', value: 'channel' }),
  )
  .addBooleanOption((o) => o.setName(CLEAR_OPTION).setDescription('Clear the default report (of the server, or of this channel with scope)'));

export const NEEDS_MANAGE_SERVER_MESSAGE = 'Only members with the Manage Server permission can change the settings.';

function reportName(engine: Engine, id: string): string {
  const r = engine.report(id);
  return r ? `${escapeText(r.meta.shortTitle)} (\`${id}\`)` : `\`${escapeText(id)}\` (no longer indexed, so it is ignored)`;
}

/** The settings in force in this server, one line each. */
function describeSettings(ctx: BotContext, engine: Engine, guildId: string, channelId: string | null): string {
  const s = ctx.settingsStore.guildSettings(guildId);
  const lines = [`Default report of this server: ${s.report ? reportName(engine, s.report) : 'none (questions search all indexed reports)'}.`];
  const here = s.channels.find((c) => c.channelId === channelId);
  if (here) lines.push(`This channel: ${reportName(engine, here.report)} (beats the server's).`);
  const others = s.channels.filter((c) => c.channelId !== channelId);
  if (others.length > 0) lines.push(`Other channels: ${others.slice(0, 10).map((c) => `<#${c.channelId}> ${reportName(engine, c.report)}`).join('; ')}${others.length > 10 ? ` and ${others.length - 10} more` : ''}.`);
  lines.push('A `report:` option on a command beats both. Change with `/config report:<id>`, clear with `/config clear:True`.');
  return lines.join('\n');
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild()) {
    await interaction.reply(ephemeralText('/config works in a server only.'));
    return;
  }
  const engine = ctx.engines.current;
  const where = { interactionId: interaction.id, userId: interaction.user.id, command: 'config' };
  const reportValue = interaction.options.getString(REPORT_OPTION);
  const clear = interaction.options.getBoolean(CLEAR_OPTION) ?? false;
  const channel = interaction.options.getString(SCOPE_OPTION) === 'channel';
  if (reportValue === null && !clear) {
    await interaction.reply(ephemeralText(describeSettings(ctx, engine, interaction.guildId, interaction.channelId)));
    return;
  }
  const allowed = ctx.settings.adminUserIds.includes(interaction.user.id) || interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true;
  if (!allowed) {
    ctx.log.warn(where, 'config refused: no Manage Server permission');
    await interaction.reply(ephemeralText(NEEDS_MANAGE_SERVER_MESSAGE));
    return;
  }
  if (clear && reportValue !== null) {
    await interaction.reply(ephemeralText('Give either a report or clear, not both.'));
    return;
  }
  const target = channel ? { guildId: interaction.guildId, channelId: interaction.channelId } : { guildId: interaction.guildId };
  const scope = channel ? 'this channel' : 'this server';
  if (clear) {
    ctx.settingsStore.setDefaultReport(target, null);
    ctx.log.info({ ...where, scope: channel ? 'channel' : 'guild' }, 'default report cleared');
    const fallback = channel ? "questions here use the server's default, if any" : 'questions search all indexed reports unless a channel has its own';
    await interaction.reply(ephemeralText(`Cleared the default report of ${scope}: ${fallback}.`));
    return;
  }
  const report = resolveReport(engine, reportValue); // unknown → one line naming the known ids, ephemeral
  if (report === undefined) {
    await interaction.reply(ephemeralText('Give a report (start typing to pick one), or clear:True.'));
    return;
  }
  ctx.settingsStore.setDefaultReport(target, report);
  ctx.log.info({ ...where, scope: channel ? 'channel' : 'guild', report }, 'default report set');
  await interaction.reply(ephemeralText(`Default report of ${scope}: ${reportName(engine, report)}. /ask, /search, /section, /footnote and mentions${channel ? ' here' : ''} use it when they name no report.`));
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  if (!(await respondReportChoices(interaction, ctx.engines.current))) await interaction.respond([]);
}
