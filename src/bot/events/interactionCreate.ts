import { Events, type Interaction } from 'discord.js';
import { commands } from '../commands/index.js';
import { handleButton } from '../components/index.js';
import { ACK_HOLD_MS } from '../context.js';
import { handleInteractionError, UserFacingError } from '../errors.js';
import { defineEvent } from './types.js';

/** Whether Discord has had its acknowledgement of the interaction (a reply, a defer, an update, autocomplete choices). */
export function isAcknowledged(interaction: Interaction): boolean {
  if (interaction.isAutocomplete()) return interaction.responded;
  return interaction.isRepliable() ? interaction.deferred || interaction.replied : true;
}

/**
 * Routes interactions to commands, autocompletes and buttons; every error goes to the one handler.
 * Until it is acknowledged (or its handler ends), each interaction holds the answer queue back,
 * so acknowledgements never wait behind other questions' embeddings (see work-queue.ts).
 */
export const interactionCreate = defineEvent({
  name: Events.InteractionCreate,
  async execute(ctx, interaction) {
    let finished = false;
    ctx.answers.holdUntil(() => finished || isAcknowledged(interaction), ACK_HOLD_MS);
    try {
      if (interaction.isChatInputCommand()) {
        const command = commands.get(interaction.commandName);
        if (!command) throw new UserFacingError('This command is no longer available. Try /about.');
        await command.execute(interaction, ctx);
      } else if (interaction.isAutocomplete()) {
        const command = commands.get(interaction.commandName);
        if (command?.autocomplete) await command.autocomplete(interaction, ctx);
        else await interaction.respond([]);
      } else if (interaction.isButton()) {
        await handleButton(interaction, ctx);
      }
    } catch (error) {
      await handleInteractionError(interaction, error, ctx);
    } finally {
      finished = true;
    }
  },
});
