/**
 * In-memory lookups over one Engine, built once per Engine and cached (a
 * reindex makes a new Engine, hence a new catalog): sections with stable keys
 * and a fuzzy searcher for autocomplete, chunks by id or compact ref, and each
 * section's rendered pages. Everything here answers instantly (autocomplete
 * cannot be deferred).
 */
import { Searcher, type MatchData } from 'fast-fuzzy';
import type { Chunk } from '../chunk/chunk.js';
import type { Engine, SectionView } from '../engine/engine.js';
import { LIMITS, sectionPages, truncate } from '../render/discord.js';
import { MAX_REF_LENGTH } from './custom-id.js';
import { compactRef, textHash } from './hash.js';

export interface SectionEntry {
  /** Stable key (report id + section id, or a hash of them), ≤ 80 characters: the autocomplete value. */
  key: string;
  view: SectionView;
  /** Display name for autocomplete, ≤ 100 characters. */
  name: string;
  /** `textHash` of the section's text. */
  hash: string;
}

/** Autocomplete answers with at most this many choices (Discord's limit). */
export const MAX_CHOICES = LIMITS.choices;
/** Least fast-fuzzy score for a typed name to count as naming a section. */
const FIND_THRESHOLD = 0.8;
/** Least score for an autocomplete suggestion. */
const SUGGEST_THRESHOLD = 0.6;

export function sectionKey(view: SectionView): string {
  return compactRef(`${view.report.meta.id}:${view.section?.id ?? '~preamble'}`, MAX_REF_LENGTH);
}

export function chunkRef(chunkId: string): string {
  return compactRef(chunkId, MAX_REF_LENGTH);
}

export class Catalog {
  readonly sections: readonly SectionEntry[];
  private readonly byKey = new Map<string, SectionEntry>();
  private readonly chunksByRef = new Map<string, Chunk>();
  private readonly pages = new Map<string, string[]>();
  private readonly searcher: Searcher<SectionEntry, { keySelector: (e: SectionEntry) => string[]; returnMatchData: true }>;

  constructor(readonly engine: Engine) {
    const multi = engine.reports.length > 1;
    this.sections = engine.sections().map((view) => ({
      key: sectionKey(view),
      view,
      name: truncate(multi ? `${view.title} — ${view.report.meta.shortTitle}` : view.title, LIMITS.choiceName),
      hash: textHash(view.paragraphs.map((p) => p.text).join('\n\n')),
    }));
    for (const s of this.sections) this.byKey.set(s.key, s);
    for (const c of engine.index.chunks) {
      this.chunksByRef.set(c.id, c);
      this.chunksByRef.set(chunkRef(c.id), c);
    }
    this.searcher = new Searcher([...this.sections], {
      keySelector: (e: SectionEntry) => [e.view.title, e.view.section?.heading ?? e.view.title],
      returnMatchData: true,
    });
  }

  /** A chunk by id or by the ref written into a custom id. */
  chunk(ref: string): Chunk | undefined {
    return this.chunksByRef.get(ref);
  }

  section(key: string): SectionEntry | undefined {
    return this.byKey.get(key);
  }

  /** The section's text as embed pages (rendered once). */
  pagesOf(entry: SectionEntry): string[] {
    let pages = this.pages.get(entry.key);
    if (!pages) {
      const paragraphs = entry.view.paragraphs.map((p) => ({ ordinal: p.ordinal, page: p.page, text: p.text }));
      pages = sectionPages(paragraphs, LIMITS.embedDescription, entry.view.report.meta.sourceUrl);
      this.pages.set(entry.key, pages);
    }
    return pages;
  }

  /** Sections whose parent is this one (same report). */
  subsections(entry: SectionEntry): SectionEntry[] {
    const s = entry.view.section;
    if (!s) return [];
    return this.sections.filter((x) => x.view.report === entry.view.report && x.view.section?.parent === s.heading && x.view.section.level === s.level + 1);
  }

  /** Up to 25 sections for what the user typed so far, best first; all (in order) for an empty term. */
  suggest(term: string, reportId?: string): SectionEntry[] {
    const inReport = (e: SectionEntry): boolean => !reportId || e.view.report.meta.id === reportId;
    const t = term.trim();
    if (t.length === 0) return this.sections.filter(inReport).slice(0, MAX_CHOICES);
    return this.matches(t, SUGGEST_THRESHOLD)
      .map((m) => m.item)
      .filter(inReport)
      .slice(0, MAX_CHOICES);
  }

  /** Whether `input` is an entry's key (a section picked from the autocomplete): it names one report's section. */
  isKey(input: string): boolean {
    return this.byKey.has(input);
  }

  /**
   * The section a /section `name` value means: an autocomplete key, an exact
   * heading or path (any case), or a close fuzzy match; undefined otherwise.
   */
  find(input: string, reportId?: string): SectionEntry | undefined {
    const inReport = (e: SectionEntry): boolean => !reportId || e.view.report.meta.id === reportId;
    const byKey = this.byKey.get(input);
    if (byKey && inReport(byKey)) return byKey;
    const t = input.trim().toLowerCase();
    if (t.length === 0) return undefined;
    const exact = this.sections.find((e) => inReport(e) && [e.view.title, e.view.section?.heading ?? '', e.name].some((n) => n.toLowerCase() === t));
    if (exact) return exact;
    return this.matches(input.trim(), FIND_THRESHOLD)
      .map((m) => m.item)
      .find(inReport);
  }

  /** Sections whose title or heading matches `term` fuzzily (score ≥ threshold), best first. */
  matches(term: string, threshold: number): MatchData<SectionEntry>[] {
    return this.searcher.search(term, { threshold, returnMatchData: true });
  }
}

const catalogs = new WeakMap<Engine, Catalog>();

/** The catalog of an Engine (built on first use). */
export function catalogOf(engine: Engine): Catalog {
  let c = catalogs.get(engine);
  if (!c) {
    c = new Catalog(engine);
    catalogs.set(engine, c);
  }
  return c;
}
