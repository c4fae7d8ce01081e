/**
 * Progress bars for the long CLIs (build-index, add-report, bench), on
 * stderr and only when stderr is a terminal: piped or captured output (CI,
 * `--json`, the bot's child build) stays free of bar redraws. cli-progress
 * draws them.
 */
import { Presets, SingleBar } from 'cli-progress';

/** A bar's life: start with a total, update with the count done, stop (the shape BuildProgress has). */
export interface ProgressBar {
  start(total: number): void;
  update(done: number): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Where to draw; default process.stderr. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** A bar labelled `label` ("embedding", "cold starts"), counting `unit`; undefined when the stream is not a terminal. */
export function progressBar(label: string, unit: string, options: ProgressOptions = {}): ProgressBar | undefined {
  const stream = options.stream ?? process.stderr;
  if (stream.isTTY !== true) return undefined;
  const bar = new SingleBar({ format: `${label} {bar} {value}/{total} ${unit}`, hideCursor: true, stream, clearOnComplete: false }, Presets.shades_classic);
  return {
    start: (total) => bar.start(total, 0),
    update: (done) => bar.update(done),
    stop: () => bar.stop(),
  };
}

/** Runs `steps` one by one under a bar (or without one off a terminal), returning their results. */
export async function withProgress<T>(label: string, unit: string, steps: number, step: (i: number) => Promise<T> | T, options: ProgressOptions = {}): Promise<T[]> {
  const bar = progressBar(label, unit, options);
  bar?.start(steps);
  const out: T[] = [];
  try {
    for (let i = 0; i < steps; i++) {
      out.push(await step(i));
      bar?.update(i + 1);
    }
  } finally {
    bar?.stop();
  }
  return out;
}
