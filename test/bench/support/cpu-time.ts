import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times. */
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

interface ProcStat {
  comm: string;
  ppid: number;
  /** CPU seconds of the process itself, and of its children it has waited for. */
  own: number;
  children: number;
}

function procStat(pid: number | string): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const f = text.slice(close + 2).split(' ');
    // Fields 3… of proc(5): f[1] ppid, f[11] utime, f[12] stime, f[13] cutime, f[14] cstime.
    return {
      comm: text.slice(text.indexOf('(') + 1, close),
      ppid: Number(f[1]),
      own: (Number(f[11]) + Number(f[12])) / TICKS,
      children: (Number(f[13]) + Number(f[14])) / TICKS,
    };
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
export function cpuSeconds(pid: number | undefined): number {
  return pid === undefined ? 0 : (procStat(pid)?.own ?? 0);
}

/**
 * CPU seconds all of PostgreSQL has used: every `postgres` process now, plus what the postmaster
 * counts for the children it has reaped (backends that ended, autovacuum workers). A difference of
 * two readings is PostgreSQL's CPU in between, whoever's queries it ran.
 */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const s = procStat(pid);
    if (s?.comm !== 'postgres') continue;
    total += s.own;
    // The postmaster: its parent is not PostgreSQL.
    if (procStat(s.ppid)?.comm !== 'postgres') total += s.children;
  }
  return total;
}

/** Busy CPU seconds of the whole machine, all cores (not idle, not waiting on I/O). */
export function machineBusySeconds(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal
  const [user, nice, system, , , irq, softirq, steal] = ticks;
  return (user + nice + system + irq + softirq + steal) / TICKS;
}
