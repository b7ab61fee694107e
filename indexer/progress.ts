import cliProgress from 'cli-progress';

export type Progress = {
  /** Starts (or restarts) a phase measured in `unit`, with `total` when known. */
  start(label: string, unit: string, total: number): void;
  update(done: number, counters?: Record<string, number>): void;
  stop(): void;
};

/**
 * A progress bar with rate and ETA on a terminal; on anything else (CI, a log file) a plain
 * line every few seconds, so long runs never look stuck and logs stay readable.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr, opts: { intervalMs?: number } = {}): Progress {
  if (stream.isTTY) return barProgress(stream);
  return lineProgress(stream, opts.intervalMs ?? 5000);
}

function barProgress(stream: NodeJS.WriteStream): Progress {
  let bar: cliProgress.SingleBar | null = null;
  return {
    start(label, unit, total) {
      bar?.stop();
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted} | {counters}`,
          hideCursor: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { rate: '0', counters: '' });
    },
    update(done, counters = {}) {
      const b = bar as (cliProgress.SingleBar & { startTime?: number }) | null;
      const seconds = b?.startTime ? (Date.now() - b.startTime) / 1000 : 0;
      bar?.update(done, { rate: seconds > 0 ? Math.round(done / seconds).toLocaleString('en') : '0', counters: formatCounters(counters) });
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

function lineProgress(stream: NodeJS.WriteStream, intervalMs: number): Progress {
  let label = '';
  let unit = '';
  let total = 0;
  let started = 0;
  let last = 0;
  return {
    start(l, u, t) {
      [label, unit, total, started, last] = [l, u, t, Date.now(), Date.now()];
    },
    update(done, counters = {}) {
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      const pct = total > 0 ? ` (${Math.floor((done / total) * 100)}%)` : '';
      const elapsed = (now - started) / 1000;
      stream.write(`${label}: ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${unit}${pct} after ${elapsed.toFixed(0)} s ${formatCounters(counters)}\n`);
    },
    stop() {},
  };
}

function formatCounters(c: Record<string, number>): string {
  return Object.entries(c).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ');
}
