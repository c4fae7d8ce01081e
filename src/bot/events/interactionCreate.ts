import { Events, type Interaction } from 'discord.js';
import { commands, messageCommands } from '../commands/index.js';
import { handleButton, UNKNOWN_BUTTON_MESSAGE } from '../components/index.js';
import { ACK_HOLD_MS } from '../context.js';
import { parseCustomId } from '../custom-id.js';
import { handleInteractionError, UserFacingError } from '../errors.js';
import { handleVoteModal } from '../feedback/index.js';
import { ShuttingDownError } from '../lifecycle.js';
import { defineEvent } from './types.js';

/** Whether Discord has had its acknowledgement of the interaction (a reply, a defer, an update, autocomplete choices). */
export function isAcknowledged(interaction: Interaction): boolean {
  if (interaction.isAutocomplete()) return interaction.responded;
  return interaction.isRepliable() ? interaction.deferred || interaction.replied : true;
}

/** The interaction's kind as a metric label: a known command, button kind or "other" (labels stay few, whatever arrives). */
function metricKind(interaction: Interaction): string {
  if (interaction.isChatInputCommand()) return commands.has(interaction.commandName) ? `/${interaction.commandName}` : '/unknown';
  if (interaction.isAutocomplete()) return commands.has(interaction.commandName) ? `autocomplete /${interaction.commandName}` : 'autocomplete';
  if (interaction.isMessageContextMenuCommand()) return messageCommands.has(interaction.commandName) ? `menu ${interaction.commandName}` : 'menu unknown';
  if (interaction.isButton()) return `button ${parseCustomId(interaction.customId)?.kind ?? 'unknown'}`;
  if (interaction.isModalSubmit()) return `modal ${parseCustomId(interaction.customId)?.kind ?? 'unknown'}`;
  return 'other';
}

/**
 * Routes interactions to slash commands, message context-menu commands ("Ask Verbatim"), autocompletes and buttons; every error goes to the one handler.
 * Until it is acknowledged (or its handler ends), each interaction holds the answer queue back,
 * so acknowledgements never wait behind other questions' embeddings (see work-queue.ts).
 * While the bot stops, every interaction is told so (ShuttingDownError, ephemeral).
 */
export const interactionCreate = defineEvent({
  name: Events.InteractionCreate,
  async execute(ctx, interaction) {
    let finished = false;
    ctx.answers.holdUntil(() => finished || isAcknowledged(interaction), ACK_HOLD_MS);
    ctx.metrics.interactions.inc({ kind: metricKind(interaction) });
    try {
      if (ctx.lifecycle.stopping) throw new ShuttingDownError();
      if (interaction.isChatInputCommand()) {
        const command = commands.get(interaction.commandName);
        if (!command) throw new UserFacingError('This command is no longer available. Try /about.');
        await command.execute(interaction, ctx);
      } else if (interaction.isMessageContextMenuCommand()) {
        const command = messageCommands.get(interaction.commandName);
        if (!command) throw new UserFacingError('This command is no longer available. Try /about.');
        await command.execute(interaction, ctx);
      } else if (interaction.isAutocomplete()) {
        const command = commands.get(interaction.commandName);
        if (command?.autocomplete) await command.autocomplete(interaction, ctx);
        else await interaction.respond([]);
      } else if (interaction.isButton()) {
        await handleButton(interaction, ctx);
      } else if (interaction.isModalSubmit()) {
        await handleVoteModal(interaction, ctx);
      } else if (interaction.isRepliable()) {
        // A component the bot never sends (a select menu), or a command kind it has none of (a user context menu):
        // from an older version, or forged. Answered, so the user never sees "This interaction failed".
        throw new UserFacingError(interaction.isMessageComponent() ? UNKNOWN_BUTTON_MESSAGE.replace('button', 'control') : 'This command is no longer available. Try /about.');
      }
    } catch (error) {
      await handleInteractionError(interaction, error, ctx);
    } finally {
      finished = true;
    }
  },
});
