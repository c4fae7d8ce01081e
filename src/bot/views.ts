/**
 * Message views built from one Engine: answers, sections, passages, footnotes,
 * search results. Rendering (limits, escaping) is in render/discord.ts; this
 * adds the buttons and attachments.
 */
import type { AskResult, Engine, FollowUpContext } from '../engine/engine.js';
import type { Chunk } from '../chunk/chunk.js';
import { formatSectionPath } from '../document/index.js';
import type { Quote } from '../answer/answer.js';
import {
  answerMarkdown,
  blockMarkdown,
  citation,
  linkedCitation,
  renderAnswer,
  renderEmptySection,
  renderFootnote,
  renderParagraph,
  renderSearch,
  renderSectionPage,
  shownOrder,
  type QuoteBlock,
} from '../render/discord.js';
import { answerRows } from './answer-buttons.js';
import { abstentionButtons } from './abstention.js';
import { buttonRow, moreButton, passageButton, sectionPageButtons } from './buttons.js';
import { catalogOf, type SectionEntry } from './catalog.js';
import { appendToLastRow, feedbackButtons } from './feedback/index.js';
import type { BotContext } from './context.js';
import { stateId } from './hash.js';
import { markdownFile, textView, view, type MessageView } from './reply.js';

/** Passages per answer; "More passages" moves on by this many. */
export const PASSAGES_PER_ANSWER = 3;
/** Results of /search. */
export const SEARCH_RESULTS = 5;

export const STALE_MESSAGE = 'That passage is no longer in the index (the report was updated).';
export const EXPIRED_MESSAGE = 'This button has expired ("More passages" keeps its question for 15 minutes). Please ask again.';
export const NO_MORE_MESSAGE = 'There are no more passages for this question.';

export interface AnswerRequest {
  question: string;
  offset: number;
  report: string | undefined;
  ephemeral: boolean;
  /** The "More passages" state to reuse (when this is a "More passages" click). */
  state?: string;
  /** A follow-up's context (a question asked in the bot's thread): see AskOptions.context. */
  context?: FollowUpContext;
}

/**
 * Asks `engine` through the answer queue (ctx.answers: call this only after
 * acknowledging) and builds the answer message: embed, buttons, and answer.md
 * when the embed had to shorten text. `queuedMs` is how long the question
 * waited for the queue.
 */
export async function answerView(ctx: BotContext, engine: Engine, req: AnswerRequest): Promise<{ view: MessageView; result: AskResult; queuedMs: number }> {
  const { value: result, timings } = await ctx.answers.run(() => engine.ask(req.question, { k: PASSAGES_PER_ANSWER, offset: req.offset, ...(req.report ? { report: req.report } : {}), ...(req.context ? { context: req.context } : {}) }));
  const { answer } = result;
  const reportTitle = (req.report ? engine.report(req.report) : engine.reports.length === 1 ? engine.reports[0] : undefined)?.meta.shortTitle;
  const metas = engine.reports.map((r) => r.meta);
  const rendered = renderAnswer(answer, { offset: req.offset, reports: metas, ...(reportTitle ? { reportTitle } : {}) });
  const components = [];
  if (answer.answered && answer.quotes.length > 0) {
    let more = null;
    if (result.ranked.length > req.offset + answer.quotes.length) {
      const state = req.state ?? stateId();
      ctx.moreStates.set(state, { question: answer.question, report: req.report, ephemeral: req.ephemeral, ...(req.context ? { context: req.context } : {}) });
      more = moreButton(req.offset + PASSAGES_PER_ANSWER, state);
    }
    components.push(...answerRows(engine, shownOrder(answer.quotes), more));
  } else if (!answer.answered) {
    const sections = abstentionButtons(engine, answer, req.report);
    if (sections.length > 0) components.push(buttonRow(sections));
  }
  return {
    view: view({
      embeds: [rendered.embed],
      components: appendToLastRow(components, feedbackButtons(ctx, engine, answer)),
      files: rendered.truncated ? [markdownFile('answer.md', answerMarkdown(answer, metas))] : [],
    }),
    result,
    queuedMs: Math.round(timings.queuedMs),
  };
}

/** Page `page` (0-based) of a section, with Previous/Next when it has several. */
export function sectionView(engine: Engine, entry: SectionEntry, page: number): MessageView {
  const catalog = catalogOf(engine);
  const reportTitle = entry.view.report.meta.shortTitle;
  if (entry.view.paragraphs.length === 0) {
    return view({ embeds: [renderEmptySection(entry.view.title, reportTitle, catalog.subsections(entry).map((s) => s.view.title))] });
  }
  const pages = catalog.pagesOf(entry);
  const embed = renderSectionPage({ title: entry.view.title, reportTitle, pages, page, reportPages: entry.view.paragraphs.map((p) => p.page) });
  return view({ embeds: [embed], components: pages.length > 1 ? [buttonRow(sectionPageButtons(entry, page, pages.length))] : [] });
}

/** The whole paragraph a chunk comes from (or its footnote, with the sentence carrying the marker). */
export function passageView(engine: Engine, chunk: Chunk): MessageView {
  if (chunk.kind === 'footnote' && chunk.citation.footnote !== null) {
    return footnoteView(engine, chunk.citation.footnote, chunk.citation.document) ?? textView(STALE_MESSAGE);
  }
  const found = engine.paragraphOfChunk(chunk.id);
  if (!found) return textView(STALE_MESSAGE);
  const { report, paragraph } = found;
  const block: QuoteBlock = {
    text: paragraph.text,
    ...linkedCitation({ sectionPath: paragraph.sectionPath, page: paragraph.page, paragraph: paragraph.ordinal, footnote: null }, report.meta.sourceUrl),
    footnotes: paragraph.footnotes.flatMap((n) => {
      const f = report.document.footnotes.find((x) => x.n === n);
      return f ? [{ n, text: f.text }] : [];
    }),
  };
  const title = formatSectionPath(paragraph.sectionPath);
  const rendered = renderParagraph(block, title, report.meta.shortTitle);
  return view({ embeds: [rendered.embed], files: rendered.truncated ? [markdownFile('paragraph.md', blockMarkdown(block, title))] : [] });
}

/** A footnote: its text, the sentence carrying its marker, section and page. Undefined when there is no such footnote. */
export function footnoteView(engine: Engine, n: number, reportId?: string): MessageView | undefined {
  const f = engine.footnote(n, reportId);
  if (!f) return undefined;
  const sectionPath = f.paragraph?.sectionPath ?? [];
  const rendered = renderFootnote({
    n,
    text: f.footnote.text,
    page: f.footnote.page,
    sectionPath,
    carrier: f.carrier && f.paragraph ? { text: f.carrier, page: f.paragraph.page, paragraph: f.paragraph.ordinal } : null,
    reportTitle: f.report.meta.shortTitle,
    sourceUrl: f.report.meta.sourceUrl ?? null,
  });
  const markdown = `# Footnote ${n}\n\n> [${n}] ${f.footnote.text}\n\n— ${citation({ sectionPath, page: f.footnote.page, paragraph: null, footnote: n })}\n${f.carrier ? `\nMarked in:\n\n> ${f.carrier}\n` : ''}`;
  return view({ embeds: [rendered.embed], files: rendered.truncated ? [markdownFile(`footnote-${n}.md`, markdown)] : [] });
}

/** /search results: snippets with citations and one "Open n" button per result. */
export function searchView(engine: Engine, query: string, quotes: readonly Quote[]): MessageView {
  const catalog = catalogOf(engine);
  const buttons = quotes.flatMap((q, i) => {
    const chunk = catalog.chunk(q.chunkId);
    return chunk ? [passageButton(i, chunk, `Open ${i + 1}`)] : [];
  });
  return view({ embeds: [renderSearch(query, quotes, engine.reports.map((r) => r.meta))], components: buttons.length > 0 ? [buttonRow(buttons.slice(0, 5))] : [] });
}
