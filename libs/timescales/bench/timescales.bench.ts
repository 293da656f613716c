// Prints ns/call for the hot paths (alerting: computeDue for ~1,000,000 deadlines at start-up;
// metrics: workingDaysBetween for 100,000s of items). Numbers only; nothing asserted.
// Run with `bash libs/timescales/bench/run.sh` (plain node: Jest's sandbox slows global lookups ~10x).
import { performance } from 'node:perf_hooks';
import { WorkingDayCalendar, computeDue, londonDateOf, warnAt } from '../src';

const CALLS = 1_000_000;
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function time(label: string, fn: (i: number) => unknown): void {
  let sink = 0;
  for (let i = 0; i < 200_000; i++) sink += fn(i) ? 1 : 0; // warm up (JIT)
  const t0 = performance.now();
  for (let i = 0; i < CALLS; i++) sink += fn(i) ? 1 : 0;
  const ns = ((performance.now() - t0) * 1e6) / CALLS;
  print(`${label.padEnd(52)} ${ns.toFixed(0).padStart(5)} ns/call  (${CALLS} calls, sink ${sink})`);
}

const t0 = performance.now();
const calendar = new WorkingDayCalendar({ nation: 'england' });
print(`${'first calendar (loads date-holidays 2010-2040)'.padEnd(52)} ${(performance.now() - t0).toFixed(0)} ms`);
const t1 = performance.now();
const tenant = new WorkingDayCalendar({ nation: 'england', closureDays: ['2026-12-29', '2026-12-30', '2026-12-31'] });
print(`${'another calendar (holidays cached)'.padEnd(52)} ${(performance.now() - t1).toFixed(1)} ms`);

// 4096 varied inputs 2015-2030, so no single answer is cached by accident.
const N = 4096;
const base = Date.UTC(2015, 0, 1);
const span = Date.UTC(2030, 0, 1) - base;
let seed = 42;
const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const instants = Array.from({ length: N }, () => base + Math.floor(random() * span));
const dates = instants.map((ms) => londonDateOf(ms));
const laterDates = dates.map((d, i) => tenant.addWorkingDays(d, (i % 90) + 1));
const dues = instants.map((ms) => computeDue(ms, { n: 15, unit: 'working-days' }, calendar).dueAt);
const wd15 = { n: 15, unit: 'working-days' } as const;
const wd45 = { n: 45, unit: 'working-days' } as const;
const months3 = { n: 3, unit: 'months' } as const;
const hours72 = { n: 72, unit: 'hours' } as const;

time('workingDaysBetween(a, b)', (i) => tenant.workingDaysBetween(dates[i & 4095], laterDates[i & 4095]));
time('addWorkingDays(date, 15)', (i) => tenant.addWorkingDays(dates[i & 4095], 15));
time('isWorkingDay(date)', (i) => tenant.isWorkingDay(dates[i & 4095]));
time('londonDateOf(ms)', (i) => londonDateOf(instants[i & 4095]));
time("computeDue(ms, 15 'working-days')", (i) => computeDue(instants[i & 4095], wd15, calendar));
time("computeDue(ms, 45 'working-days'), closure days", (i) => computeDue(instants[i & 4095], wd45, tenant));
time("computeDue(ms, 3 'months')", (i) => computeDue(instants[i & 4095], months3, calendar));
time("computeDue(ms, 72 'hours')", (i) => computeDue(instants[i & 4095], hours72, calendar));
time('warnAt(dueAt) (default: 2 working days)', (i) => warnAt(dues[i & 4095], undefined, calendar));
