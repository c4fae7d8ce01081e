/**
 * A subset of Discord's server-side validation, producing Discord-shaped errors
 * (`{code: 50035, message: 'Invalid Form Body', errors: {...}}`), so tests catch payloads the
 * real API would reject (over-long content, too many embeds/choices, bad command names, ...).
 */
export interface DiscordError {
  readonly status: number;
  readonly code: number;
  readonly message: string;
  readonly errors?: Record<string, unknown>;
}

type Path = readonly (string | number)[];
interface FieldError {
  readonly path: Path;
  readonly code: string;
  readonly message: string;
}

type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function buildErrors(fields: readonly FieldError[]): Record<string, unknown> {
  const root: Json = {};
  for (const field of fields) {
    let node: Json = root;
    for (const key of field.path) {
      const k = String(key);
      const next = node[k];
      if (isRecord(next)) node = next;
      else {
        const created: Json = {};
        node[k] = created;
        node = created;
      }
    }
    const list = Array.isArray(node._errors) ? (node._errors as unknown[]) : [];
    list.push({ code: field.code, message: field.message });
    node._errors = list;
  }
  return root;
}

export function invalidFormBody(fields: readonly FieldError[]): DiscordError | null {
  if (fields.length === 0) return null;
  return { status: 400, code: 50035, message: 'Invalid Form Body', errors: buildErrors(fields) };
}

function maxLength(out: FieldError[], path: Path, value: unknown, max: number, min = 0): void {
  const s = str(value);
  if (s === null) return;
  const length = [...s].length;
  if (length > max) out.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  else if (length < min)
    out.push({ path, code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between ${min} and ${max} in length.` });
}

function arrayMax(out: FieldError[], path: Path, value: unknown, max: number): void {
  if (Array.isArray(value) && value.length > max)
    out.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
}

const IS_COMPONENTS_V2 = 1 << 15;

function collectCustomIds(components: unknown, ids: string[]): void {
  for (const c of asArray(components)) {
    if (!isRecord(c)) continue;
    const id = str(c.custom_id);
    if (id !== null) ids.push(id);
    collectCustomIds(c.components, ids);
    if (isRecord(c.accessory)) collectCustomIds([c.accessory], ids);
  }
}

/** Validates a message create/edit payload. `prefix` is prepended to error paths (e.g. `['data']`). */
export function validateMessagePayload(
  body: unknown,
  opts: { readonly prefix?: Path; readonly requireContent: boolean; readonly fileCount: number },
): DiscordError | null {
  const prefix = opts.prefix ?? [];
  const b: Json = isRecord(body) ? body : {};
  const out: FieldError[] = [];
  const flags = typeof b.flags === 'number' ? b.flags : 0;
  const componentsV2 = (flags & IS_COMPONENTS_V2) !== 0;

  if (opts.requireContent) {
    const hasContent = typeof b.content === 'string' && b.content.length > 0;
    const hasEmbeds = asArray(b.embeds).length > 0;
    const hasComponents = asArray(b.components).length > 0;
    const hasFiles = opts.fileCount > 0 || asArray(b.attachments).length > 0;
    const hasOther = asArray(b.sticker_ids).length > 0 || isRecord(b.poll);
    if (!hasContent && !hasEmbeds && !hasComponents && !hasFiles && !hasOther)
      return { status: 400, code: 50006, message: 'Cannot send an empty message' };
  }
  if (componentsV2 && typeof b.content === 'string' && b.content.length > 0)
    out.push({ path: [...prefix, 'content'], code: 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', message: 'The \'content\' field cannot be used when using MessageFlags.IS_COMPONENTS_V2' });
  maxLength(out, [...prefix, 'content'], b.content, 2000);

  const embeds = asArray(b.embeds);
  arrayMax(out, [...prefix, 'embeds'], embeds, 10);
  let embedTotal = 0;
  embeds.forEach((embed, i) => {
    if (!isRecord(embed)) return;
    const p = [...prefix, 'embeds', i];
    maxLength(out, [...p, 'title'], embed.title, 256);
    maxLength(out, [...p, 'description'], embed.description, 4096);
    const footer = isRecord(embed.footer) ? embed.footer : {};
    const author = isRecord(embed.author) ? embed.author : {};
    maxLength(out, [...p, 'footer', 'text'], footer.text, 2048);
    maxLength(out, [...p, 'author', 'name'], author.name, 256);
    const fields = asArray(embed.fields);
    arrayMax(out, [...p, 'fields'], fields, 25);
    fields.forEach((field, j) => {
      if (!isRecord(field)) return;
      maxLength(out, [...p, 'fields', j, 'name'], field.name, 256, 1);
      maxLength(out, [...p, 'fields', j, 'value'], field.value, 1024, 1);
      embedTotal += (str(field.name) ?? '').length + (str(field.value) ?? '').length;
    });
    for (const s of [embed.title, embed.description, footer.text, author.name]) embedTotal += (str(s) ?? '').length;
  });
  if (embedTotal > 6000)
    out.push({ path: [...prefix, 'embeds'], code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' });

  const components = asArray(b.components);
  if (!componentsV2) {
    arrayMax(out, [...prefix, 'components'], components, 5);
    components.forEach((row, i) => {
      if (!isRecord(row)) return;
      const p = [...prefix, 'components', i];
      if (row.type !== 1) {
        out.push({ path: [...p, 'type'], code: 'UNION_TYPE_CHOICES', message: 'Value of field "type" must be one of (1,).' });
        return;
      }
      const children = asArray(row.components);
      arrayMax(out, [...p, 'components'], children, 5);
      children.forEach((child, j) => {
        if (!isRecord(child)) return;
        maxLength(out, [...p, 'components', j, 'label'], child.label, 80);
        maxLength(out, [...p, 'components', j, 'custom_id'], child.custom_id, 100, 1);
      });
    });
  }
  const ids: string[] = [];
  collectCustomIds(components, ids);
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) {
      out.push({ path: [...prefix, 'components'], code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: 'Component custom id cannot be duplicated' });
      break;
    }
    seen.add(id);
  }
  return invalidFormBody(out);
}

/** Validates an autocomplete result (`data.choices`). */
export function validateAutocompleteChoices(data: unknown): DiscordError | null {
  const d: Json = isRecord(data) ? data : {};
  const out: FieldError[] = [];
  const choices = asArray(d.choices);
  arrayMax(out, ['data', 'choices'], choices, 25);
  choices.forEach((choice, i) => {
    if (!isRecord(choice)) return;
    maxLength(out, ['data', 'choices', i, 'name'], choice.name, 100, 1);
    if (typeof choice.value === 'string') maxLength(out, ['data', 'choices', i, 'value'], choice.value, 100);
  });
  return invalidFormBody(out);
}

const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateOptions(out: FieldError[], path: Path, options: unknown): void {
  const list = asArray(options);
  arrayMax(out, path, list, 25);
  const names = new Set<string>();
  let sawOptional = false;
  list.forEach((option, i) => {
    if (!isRecord(option)) return;
    const p = [...path, i];
    const name = str(option.name) ?? '';
    if (!NAME_RE.test(name) || name !== name.toLowerCase())
      out.push({ path: [...p, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: `Command name is invalid` });
    if (names.has(name))
      out.push({ path: [...p, 'name'], code: 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', message: 'Option name already exists' });
    names.add(name);
    maxLength(out, [...p, 'description'], option.description, 100, 1);
    if (typeof option.description !== 'string')
      out.push({ path: [...p, 'description'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    arrayMax(out, [...p, 'choices'], option.choices, 25);
    if (option.autocomplete === true && asArray(option.choices).length > 0)
      out.push({ path: [...p, 'autocomplete'], code: 'AUTOCOMPLETE_CHOICES_CANNOT_BOTH_BE_SET', message: 'Autocomplete cannot be set when choices are provided' });
    if (option.type === 1 || option.type === 2) validateOptions(out, [...p, 'options'], option.options);
    else if (option.required === true && sawOptional)
      out.push({ path: [...p, 'required'], code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options' });
    else if (option.required !== true) sawOptional = true;
  });
}

/** Validates an application command create/overwrite payload. */
export function validateCommand(out: FieldError[], path: Path, command: unknown): void {
  if (!isRecord(command)) {
    out.push({ path, code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' });
    return;
  }
  const type = typeof command.type === 'number' ? command.type : 1;
  const name = str(command.name) ?? '';
  // integration_types: 0 guild install, 1 user install; contexts: 0 guild, 1 bot DM, 2 private channel (null or absent: Discord's default).
  const enumList = (key: string, allowed: readonly number[]): void => {
    const value = command[key];
    if (value === undefined || value === null) return;
    if (!Array.isArray(value) || value.length === 0) out.push({ path: [...path, key], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 3 in length.' });
    else value.forEach((v, i) => {
      if (!allowed.includes(v as number)) out.push({ path: [...path, key, i], code: 'ENUM_TYPE_COERCE', message: `Value "${String(v)}" is not a valid enum value.` });
    });
  };
  enumList('integration_types', [0, 1]);
  enumList('contexts', [0, 1, 2]);
  if (type === 1) {
    if (!NAME_RE.test(name) || name !== name.toLowerCase())
      out.push({ path: [...path, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
    if (typeof command.description !== 'string')
      out.push({ path: [...path, 'description'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    maxLength(out, [...path, 'description'], command.description, 100, 1);
    validateOptions(out, [...path, 'options'], command.options);
  } else if (type === 2 || type === 3) {
    // User (2) and message (3) context-menu commands: any-case names with spaces, no description, no options.
    maxLength(out, [...path, 'name'], name, 32, 1);
    if (typeof command.description === 'string' && command.description.length > 0)
      out.push({ path: [...path, 'description'], code: 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION_INVALID', message: 'Context menu commands cannot have description' });
    if (Array.isArray(command.options) && command.options.length > 0)
      out.push({ path: [...path, 'options'], code: 'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS_INVALID', message: 'Context menu commands cannot have options' });
  } else if (type === 4) {
    maxLength(out, [...path, 'name'], name, 32, 1);
  } else {
    out.push({ path: [...path, 'type'], code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {1, 2, 3, 4}.' });
  }
}

export function validateCommandList(commands: unknown): DiscordError | null {
  if (!Array.isArray(commands)) return invalidFormBody([{ path: [], code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' }]);
  const out: FieldError[] = [];
  arrayMax(out, [], commands, 110);
  const keys = new Set<string>();
  commands.forEach((command, i) => {
    validateCommand(out, [i], command);
    if (isRecord(command)) {
      const key = `${typeof command.type === 'number' ? command.type : 1}:${String(command.name)}`;
      if (keys.has(key))
        out.push({ path: [i, 'name'], code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: `Application command names must be unique` });
      keys.add(key);
    }
  });
  return invalidFormBody(out);
}

/**
 * Validates a modal (interaction callback type 9, `data`): title 1–45, custom_id 1–100, 1–5 top-level
 * components, each a Label (type 18: label 1–45, description ≤ 100, one text input or string select),
 * a Text Display (type 10), or a legacy Action Row (type 1) holding one text input with its own label.
 * Text inputs: style 1 or 2, min_length 0–4000, max_length 1–4000, placeholder ≤ 100, value ≤ 4000;
 * string selects: 1–25 options (label/value 1–100, description ≤ 100), placeholder ≤ 150, min_values
 * 0–25, max_values 1–25 and ≥ min_values. Custom ids are unique in the modal.
 */
export function validateModal(data: unknown): DiscordError | null {
  const d: Json = isRecord(data) ? data : {};
  const out: FieldError[] = [];
  const required = (path: Path, value: unknown): boolean => {
    if (typeof value === 'string') return true;
    out.push({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    return false;
  };
  if (required(['data', 'title'], d.title)) maxLength(out, ['data', 'title'], d.title, 45, 1);
  if (required(['data', 'custom_id'], d.custom_id)) maxLength(out, ['data', 'custom_id'], d.custom_id, 100, 1);
  const components = asArray(d.components);
  if (components.length === 0) out.push({ path: ['data', 'components'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 5 in length.' });
  arrayMax(out, ['data', 'components'], components, 5);
  const textInput = (p: Path, c: Json, inLabel: boolean): void => {
    required([...p, 'custom_id'], c.custom_id);
    maxLength(out, [...p, 'custom_id'], c.custom_id, 100, 1);
    if (c.style !== 1 && c.style !== 2) out.push({ path: [...p, 'style'], code: 'BASE_TYPE_CHOICES', message: 'Value must be one of (1, 2).' });
    if (inLabel && c.label !== undefined) out.push({ path: [...p, 'label'], code: 'TEXT_INPUT_LABEL_IN_LABEL', message: 'A text input inside a label cannot have its own label' });
    if (!inLabel && required([...p, 'label'], c.label)) maxLength(out, [...p, 'label'], c.label, 45, 1);
    const min = typeof c.min_length === 'number' ? c.min_length : 0;
    const max = typeof c.max_length === 'number' ? c.max_length : 4000;
    if (min < 0 || min > 4000) out.push({ path: [...p, 'min_length'], code: 'NUMBER_TYPE_MAX', message: 'int value should be between 0 and 4000.' });
    if (max < 1 || max > 4000 || max < min) out.push({ path: [...p, 'max_length'], code: 'NUMBER_TYPE_MAX', message: 'int value should be between 1 and 4000.' });
    maxLength(out, [...p, 'placeholder'], c.placeholder, 100);
    maxLength(out, [...p, 'value'], c.value, 4000);
  };
  const stringSelect = (p: Path, c: Json): void => {
    required([...p, 'custom_id'], c.custom_id);
    maxLength(out, [...p, 'custom_id'], c.custom_id, 100, 1);
    const options = asArray(c.options);
    if (options.length === 0) out.push({ path: [...p, 'options'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 25 in length.' });
    arrayMax(out, [...p, 'options'], options, 25);
    options.forEach((o, i) => {
      if (!isRecord(o)) return;
      maxLength(out, [...p, 'options', i, 'label'], o.label, 100, 1);
      maxLength(out, [...p, 'options', i, 'value'], o.value, 100, 1);
      maxLength(out, [...p, 'options', i, 'description'], o.description, 100);
    });
    maxLength(out, [...p, 'placeholder'], c.placeholder, 150);
    const min = typeof c.min_values === 'number' ? c.min_values : 1;
    const max = typeof c.max_values === 'number' ? c.max_values : 1;
    if (min < 0 || min > 25) out.push({ path: [...p, 'min_values'], code: 'NUMBER_TYPE_MAX', message: 'int value should be between 0 and 25.' });
    if (max < 1 || max > 25 || max < min || max > Math.max(1, options.length)) out.push({ path: [...p, 'max_values'], code: 'NUMBER_TYPE_MAX', message: 'int value should be between 1 and 25.' });
  };
  components.forEach((c, i) => {
    const p: Path = ['data', 'components', i];
    if (!isRecord(c)) return;
    if (c.type === 18) {
      if (required([...p, 'label'], c.label)) maxLength(out, [...p, 'label'], c.label, 45, 1);
      maxLength(out, [...p, 'description'], c.description, 100);
      const child = isRecord(c.component) ? c.component : null;
      if (child?.type === 4) textInput([...p, 'component'], child, true);
      else if (child?.type === 3) stringSelect([...p, 'component'], child);
      else out.push({ path: [...p, 'component', 'type'], code: 'UNION_TYPE_CHOICES', message: 'Value of field "type" must be one of (3, 4, 5, 6, 7, 8, 19).' });
    } else if (c.type === 1) {
      const children = asArray(c.components);
      if (children.length !== 1 || !isRecord(children[0]) || children[0].type !== 4) {
        out.push({ path: [...p, 'components'], code: 'MODAL_ACTION_ROW_TEXT_INPUT', message: 'An action row in a modal holds exactly one text input' });
      } else textInput([...p, 'components', 0], children[0], false);
    } else if (c.type === 10) {
      maxLength(out, [...p, 'content'], c.content, 4000, 1);
    } else {
      out.push({ path: [...p, 'type'], code: 'UNION_TYPE_CHOICES', message: 'Value of field "type" must be one of (1, 10, 18).' });
    }
  });
  const ids: string[] = [];
  collectCustomIds(components.map((c) => (isRecord(c) && isRecord(c.component) ? { components: [c.component] } : c)), ids);
  if (new Set(ids).size !== ids.length) out.push({ path: ['data', 'components'], code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: 'Component custom id cannot be duplicated' });
  return invalidFormBody(out);
}
