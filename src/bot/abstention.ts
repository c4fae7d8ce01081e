/**
 * What an abstention offers (layout: row 1): up to 5 buttons opening the
 * closest sections, at their first page, unless the question is in another
 * language than the report's (then the message says so instead).
 */
import type { ButtonBuilder } from 'discord.js';
import type { Answer } from '../answer/answer.js';
import type { Engine } from '../engine/engine.js';
import { sectionOpenButton } from './buttons.js';
import { catalogOf, type SectionEntry } from './catalog.js';

/** Most section buttons on an abstention (one row). */
export const MAX_SECTION_BUTTONS = 5;

/** The sections an abstention names, as catalog entries (in the report asked, when one was), distinct, with text. */
export function suggestedSections(engine: Engine, answer: Answer, reportId: string | undefined): SectionEntry[] {
  if (answer.answered || answer.language) return [];
  const catalog = catalogOf(engine);
  const out: SectionEntry[] = [];
  for (const title of answer.suggestions) {
    const entry = catalog.sections.find((e) => e.view.title === title && (!reportId || e.view.report.meta.id === reportId) && e.view.paragraphs.length > 0);
    if (entry && !out.includes(entry)) out.push(entry);
    if (out.length === MAX_SECTION_BUTTONS) break;
  }
  return out;
}

/** The abstention's row-1 buttons. */
export function abstentionButtons(engine: Engine, answer: Answer, reportId: string | undefined): ButtonBuilder[] {
  return suggestedSections(engine, answer, reportId).map(sectionOpenButton);
}
