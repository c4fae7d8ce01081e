/**
 * What the running bot reports to Prometheus (prom-client), served as text
 * at /metrics by server.ts when METRICS_PORT is set.
 *
 *   verbatim_questions_total{source,outcome}         every question, by how it ended
 *   verbatim_answer_duration_seconds{source}         receipt to reply, for answered and abstained questions
 *   verbatim_answer_queue_wait_seconds               time in the answer queue before embedding began
 *   verbatim_answer_compute_seconds                  embedding and retrieval of one question
 *   verbatim_answer_queue_depth / _running           questions waiting / computing now
 *   verbatim_interactions_total{kind}                every interaction (command, button, autocomplete)
 *   verbatim_index_info{version,embedder,…} 1        the index being served (version: see indexVersion)
 *   verbatim_index_reports / _chunks                 its size
 *   verbatim_index_reloads_total{trigger,outcome}    index swaps (watch: rebuilt on disk; reindex: /reindex)
 *   verbatim_discord_ready, verbatim_discord_gateway_ping_seconds
 *   process_*, nodejs_*                              prom-client's default process metrics
 *
 * Each Metrics has its own Registry (tests run several bots in one process).
 * A feature that needs its own series registers it on `registry` with the
 * `verbatim_` prefix (see `counter`), next to the code it measures.
 */
import { createHash } from 'node:crypto';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Manifest } from '../index/schema.js';

/** Where a question came from. */
/** Where a question came from; the lookups (/section, /footnote, /about) post as much and count against the same limits. */
export type QuestionSourceLabel = 'ask' | 'search' | 'more' | 'message' | 'section' | 'footnote' | 'about';

/**
 * How a question ended: answered (quotes), abstained (the reports do not
 * answer; for /search: no passage), rate_limited, invalid (empty, too long,
 * unknown report), busy (answer queue full), shutting_down, failed (an error).
 */
export type QuestionOutcome = 'answered' | 'abstained' | 'rate_limited' | 'invalid' | 'busy' | 'shutting_down' | 'failed';

export type ReloadTrigger = 'watch' | 'reindex';

/** What the gauges read when scraped. */
export interface MetricsSources {
  queue?: () => { queued: number; running: number };
  manifest?: () => Manifest;
  discord?: () => { ready: boolean; pingMs: number | null };
}

/** Latency buckets (seconds): an answer takes tens of ms alone, seconds in a burst; Discord allows 15 min. */
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** A short, stable id of an index: the first 12 hex digits of the sha256 of its manifest (which holds every file's sha256). */
export function indexVersion(manifest: Manifest): string {
  return createHash('sha256').update(JSON.stringify(manifest)).digest('hex').slice(0, 12);
}

export interface MetricsOptions {
  /** Also collect prom-client's default process metrics (default true). */
  processMetrics?: boolean;
}

export class Metrics {
  readonly registry = new Registry();
  readonly questions: Counter<'source' | 'outcome'>;
  readonly answerDuration: Histogram<'source'>;
  readonly queueWait: Histogram;
  readonly compute: Histogram;
  readonly interactions: Counter<'kind'>;
  readonly reloads: Counter<'trigger' | 'outcome'>;
  private sources: MetricsSources = {};

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.questions = new Counter({ name: 'verbatim_questions_total', help: 'Questions, by source and by how they ended', labelNames: ['source', 'outcome'] as const, registers });
    this.answerDuration = new Histogram({
      name: 'verbatim_answer_duration_seconds',
      help: 'From receiving a question to sending its answer (answered or abstained)',
      labelNames: ['source'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.queueWait = new Histogram({ name: 'verbatim_answer_queue_wait_seconds', help: 'Time a question waited in the answer queue', buckets: LATENCY_BUCKETS, registers });
    this.compute = new Histogram({ name: 'verbatim_answer_compute_seconds', help: 'Embedding and retrieval of one question', buckets: LATENCY_BUCKETS, registers });
    this.interactions = new Counter({ name: 'verbatim_interactions_total', help: 'Interactions received, by kind (/command, button, autocomplete)', labelNames: ['kind'] as const, registers });
    this.reloads = new Counter({ name: 'verbatim_index_reloads_total', help: 'Index swaps: watch (rebuilt on disk by another process) or reindex (/reindex)', labelNames: ['trigger', 'outcome'] as const, registers });
    const sources = (): MetricsSources => this.sources;
    new Gauge({
      name: 'verbatim_answer_queue_depth',
      help: 'Questions waiting in the answer queue',
      registers,
      collect() {
        const q = sources().queue?.();
        if (q) this.set(q.queued);
      },
    });
    new Gauge({
      name: 'verbatim_answer_queue_running',
      help: 'Questions being computed',
      registers,
      collect() {
        const q = sources().queue?.();
        if (q) this.set(q.running);
      },
    });
    new Gauge({
      name: 'verbatim_index_info',
      help: 'The index being served (value 1); version is a hash of its manifest',
      labelNames: ['version', 'embedder', 'parser', 'chunker', 'retrieval'] as const,
      registers,
      collect() {
        const m = sources().manifest?.();
        this.reset();
        if (m) this.set({ version: indexVersion(m), embedder: m.embedder.id, parser: m.parserVersion, chunker: m.chunkerVersion, retrieval: m.retrievalVersion }, 1);
      },
    });
    new Gauge({
      name: 'verbatim_index_reports',
      help: 'Reports in the index being served',
      registers,
      collect() {
        const m = sources().manifest?.();
        if (m) this.set(m.counts.reports);
      },
    });
    new Gauge({
      name: 'verbatim_index_chunks',
      help: 'Passages (chunks) in the index being served',
      registers,
      collect() {
        const m = sources().manifest?.();
        if (m) this.set(m.counts.chunks);
      },
    });
    new Gauge({
      name: 'verbatim_discord_ready',
      help: '1 when the Discord gateway connection is ready',
      registers,
      collect() {
        const d = sources().discord?.();
        this.set(d?.ready ? 1 : 0);
      },
    });
    new Gauge({
      name: 'verbatim_discord_gateway_ping_seconds',
      help: 'Gateway heartbeat round trip',
      registers,
      collect() {
        const d = sources().discord?.();
        if (d && d.pingMs !== null && d.pingMs >= 0) this.set(d.pingMs / 1000);
      },
    });
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  /** Where the gauges read their values (set by the bot once its parts exist). */
  bind(sources: MetricsSources): void {
    this.sources = { ...this.sources, ...sources };
  }

  /** Records how a question ended; `startedAt` (performance.now()) adds its latency when it was answered or abstained. */
  question(source: QuestionSourceLabel, outcome: QuestionOutcome, startedAt?: number): void {
    this.questions.inc({ source, outcome });
    if (startedAt !== undefined && (outcome === 'answered' || outcome === 'abstained')) this.answerDuration.observe({ source }, (performance.now() - startedAt) / 1000);
  }

  /** Records one answer-queue job's timings (ms). */
  job(timings: { queuedMs: number; runMs: number }): void {
    this.queueWait.observe(timings.queuedMs / 1000);
    this.compute.observe(timings.runMs / 1000);
  }

  reload(trigger: ReloadTrigger, outcome: 'ok' | 'failed'): void {
    this.reloads.inc({ trigger, outcome });
  }

  /** A counter of a feature's own, on this registry, named `verbatim_<name>`. */
  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter({ name: `verbatim_${name}`, help, labelNames, registers: [this.registry] });
  }

  /** The Prometheus text exposition of every series. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
