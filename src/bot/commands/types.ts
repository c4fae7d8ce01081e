import type { AutocompleteInteraction, ChatInputCommandInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { BotContext } from '../context.js';

/** A slash command module (discord.js-guide style): `data`, `execute`, and `autocomplete` when it has autocompleted options. */
export interface SlashCommand {
  readonly data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  /** Must answer at once, from memory: autocomplete cannot be deferred. */
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}
