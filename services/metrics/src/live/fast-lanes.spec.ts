import type { MetricDefinition } from '../catalogue/metric-definition';
import { FastLanes } from './fast-lanes';

const def = (id: string) => ({ id }) as MetricDefinition;
const cheap = def('contacts.received');
const dear = def('contacts.awaiting-decision');

/** A computation the test ends by hand, after moving the clock by its length. */
interface Call {
  tenant: string;
  id: string;
  at: number;
  end: () => void;
}

function lanes(concurrency: number, factor: number) {
  const calls: Call[] = [];
  const fast = new FastLanes((tenant, d) => new Promise<void>((end) => calls.push({ tenant, id: d.id, at: Date.now(), end })), concurrency, factor);
  return { fast, calls };
}

/** Ends a computation after `ms` of work and lets its lane go on. */
async function finish(call: Call, ms: number): Promise<void> {
  jest.advanceTimersByTime(ms);
  call.end();
  await Promise.resolve();
  await Promise.resolve();
}

describe('the fast lane: one lane per tenant and metric', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('touches while a metric is computed make one more computation, not one each', async () => {
    const { fast, calls } = lanes(2, 0);
    fast.touch('t', [cheap]);
    fast.touch('t', [cheap]);
    fast.touch('t', [cheap]);
    expect(calls.map((c) => c.id)).toEqual(['contacts.received']);
    await finish(calls[0], 5);
    expect(calls).toHaveLength(2);
    await finish(calls[1], 5);
    expect(calls).toHaveLength(2);
  });

  it('a cheap metric is computed again while an expensive one is still running', async () => {
    const { fast, calls } = lanes(2, 0);
    fast.touch('t', [dear, cheap]);
    expect(calls.map((c) => c.id)).toEqual(['contacts.awaiting-decision', 'contacts.received']);
    fast.touch('t', [dear, cheap]);
    await finish(calls[1], 3);
    expect(calls.map((c) => c.id)).toEqual(['contacts.awaiting-decision', 'contacts.received', 'contacts.received']);
  });

  it('a lane rests `factor` times its last computation before it starts again', async () => {
    const { fast, calls } = lanes(2, 2);
    fast.touch('t', [dear]);
    fast.touch('t', [dear]);
    await finish(calls[0], 30);
    expect(calls).toHaveLength(1);
    jest.advanceTimersByTime(59);
    expect(calls).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(calls).toHaveLength(2);
    expect(calls[1].at - calls[0].at).toBe(90);
  });

  it('a lane touched after its rest is over starts at once', async () => {
    const { fast, calls } = lanes(2, 2);
    fast.touch('t', [dear]);
    await finish(calls[0], 10);
    jest.advanceTimersByTime(25);
    fast.touch('t', [dear]);
    expect(calls).toHaveLength(2);
  });

  it('runs at most `concurrency` computations at once, the rest in the order touched', async () => {
    const { fast, calls } = lanes(1, 0);
    fast.touch('a', [dear, cheap]);
    fast.touch('b', [cheap]);
    expect(calls.map((c) => `${c.tenant}:${c.id}`)).toEqual(['a:contacts.awaiting-decision']);
    await finish(calls[0], 1);
    await finish(calls[1], 1);
    expect(calls.map((c) => `${c.tenant}:${c.id}`)).toEqual(['a:contacts.awaiting-decision', 'a:contacts.received', 'b:contacts.received']);
  });

  it('stop waits for the computations under way and starts no more', async () => {
    const { fast, calls } = lanes(2, 2);
    fast.touch('t', [dear, cheap]);
    await finish(calls[1], 10);
    fast.touch('t', [cheap]);
    let stopped = false;
    const stopping = fast.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    calls[0].end();
    await stopping;
    jest.advanceTimersByTime(1000);
    fast.touch('t', [dear, cheap]);
    expect(calls).toHaveLength(2);
  });
});
