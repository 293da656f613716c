export interface Timing {
  coldMs: number;
  p50: number;
  p99: number;
  max: number;
  /** How many `items` the first answer had. */
  items: number;
}

/** The first answer (cold), then `requests` more one after another; a non-2xx answer throws. */
export async function timedGets(url: string, headers: Record<string, string>, requests: number): Promise<Timing> {
  const once = async () => {
    const started = performance.now();
    const res = await fetch(url, { headers });
    const text = await res.text();
    if (!res.ok) throw new Error(`${url}: ${res.status} ${text}`);
    return { ms: performance.now() - started, items: (JSON.parse(text) as { items: unknown[] }).items.length };
  };
  const cold = await once();
  const ms: number[] = [];
  // BENCH_SLOW_MS: when each answer slower than this came (to match with the service's log).
  const slow = Number(process.env.BENCH_SLOW_MS ?? Infinity);
  for (let i = 0; i < requests; i++) {
    const { ms: took } = await once();
    if (took > slow) process.stderr.write(`  slow: ${Math.round(took)} ms, ended ${new Date().toISOString()}\n`);
    ms.push(took);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)]);
  return { coldMs: Math.round(cold.ms), p50: at(0.5), p99: at(0.99), max: at(1), items: cold.items };
}
