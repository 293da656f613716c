// Prints events/s of generation (objects only, and with JSON.stringify as the CLI does) at three
// sizes. Numbers only; nothing asserted. Run with `bash libs/event-generator/bench/run.sh`.
import { performance } from 'node:perf_hooks';
import { childrenForScale, generateHistory } from '../src';

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function run(label: string, children: number, from: string, to: string, stringify: boolean): void {
  const rss0 = process.memoryUsage().rss;
  let peakRss = rss0;
  const t0 = performance.now();
  let n = 0;
  let bytes = 0;
  for (const event of generateHistory({ tenant: 'bench', seed: 7, children, from, to })) {
    n++;
    if (stringify) bytes += JSON.stringify(event).length + 1;
    if ((n & 0xffff) === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const s = (performance.now() - t0) / 1000;
  const rate = Math.round(n / s).toLocaleString('en-GB');
  const mb = (bytes / 1048576).toFixed(0);
  print(
    `${label.padEnd(44)} ${String(children).padStart(9)} children ${String(n).padStart(10)} events ` +
      `${s.toFixed(2).padStart(7)} s ${rate.padStart(11)} events/s` +
      `${stringify ? ` ${mb} MB NDJSON` : ''}  peak RSS ${Math.round(peakRss / 1048576)} MB`,
  );
}

const large = process.argv.includes('--large');
run('warm-up: one team, 2025-04-01..2026-03-31', 150, '2025-04-01', '2026-03-31', false);
run('one team, 20 months', 250, '2025-04-01', '2026-11-22', false);
run('mean LA, 6 years (objects)', childrenForScale('la', '2020-04-01', '2026-03-31'), '2020-04-01', '2026-03-31', false);
run('mean LA, 6 years (+ JSON.stringify)', childrenForScale('la', '2020-04-01', '2026-03-31'), '2020-04-01', '2026-03-31', true);
if (large) {
  run('large LA, 6 years (objects)', childrenForScale('large-la', '2020-04-01', '2026-03-31'), '2020-04-01', '2026-03-31', false);
  run('England, 1 year (objects)', childrenForScale('england', '2025-04-01', '2026-03-31'), '2025-04-01', '2026-03-31', false);
}
