import { Events } from 'discord.js';
import { commands } from '../commands/index.js';
import { handleButton } from '../components/index.js';
import { handleInteractionError, UserFacingError } from '../errors.js';
import { defineEvent } from './types.js';

/** Routes interactions to commands, autocompletes and buttons; every error goes to the one handler. */
export const interactionCreate = defineEvent({
  name: Events.InteractionCreate,
  async execute(ctx, interaction) {
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
    }
  },
});
