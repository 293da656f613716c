// A child's events as the engine sees them: known by `asAt`, not retracted or superseded, happened
// by `now`, once each, in practice-time order (ties: recordedtime, then id, then source).
import type { CaseEvent } from '@casewatch/contracts';
import { eventTimeMs } from './event-time-fast';

export interface Item {
  readonly e: CaseEvent;
  /** Practice time, epoch ms. */
  readonly t: number;
  /** recordedtime in epoch ms (practice time when absent); NaN until first needed. */
  r: number;
}

const RETRACTED = 'csc.event.retracted';
// Deeper chains (a retraction of a retraction of …) are data errors; stop rather than loop.
const MAX_CORRECTION_DEPTH = 16;

function recordedOf(item: Item): number {
  if (Number.isNaN(item.r)) {
    const rec = item.e.recordedtime;
    const r = rec === undefined ? item.t : eventTimeMs(rec);
    item.r = Number.isNaN(r) ? item.t : r;
  }
  return item.r;
}

function byPracticeOrder(a: Item, b: Item): number {
  if (a.t !== b.t) return a.t - b.t;
  const ra = recordedOf(a);
  const rb = recordedOf(b);
  if (ra !== rb) return ra - rb;
  if (a.e.id !== b.e.id) return a.e.id < b.e.id ? -1 : 1;
  return a.e.source < b.e.source ? -1 : a.e.source > b.e.source ? 1 : 0;
}

const keyOf = (source: string, id: string): string => `${source}\n${id}`;

/**
 * The keys of events that no longer count: retracted, or superseded, by an event that itself still
 * counts (so retracting a correction brings the original back).
 */
function removedKeys(items: readonly Item[]): Set<string> {
  const removers = new Map<string, string[]>();
  const add = (target: string, by: string): void => {
    const list = removers.get(target);
    if (list) list.push(by);
    else removers.set(target, [by]);
  };
  for (const { e } of items) {
    const self = keyOf(e.source, e.id);
    if (e.type === RETRACTED) add(keyOf(e.source, e.data.id), self);
    if (e.supersedes !== undefined) add(keyOf(e.source, e.supersedes), self);
  }
  const memo = new Map<string, boolean>();
  const isRemoved = (key: string, depth: number): boolean => {
    const known = memo.get(key);
    if (known !== undefined) return known;
    const by = removers.get(key);
    const removed = by !== undefined && depth < MAX_CORRECTION_DEPTH && by.some((k) => !isRemoved(k, depth + 1));
    memo.set(key, removed);
    return removed;
  };
  const out = new Set<string>();
  for (const key of removers.keys()) if (isRemoved(key, 0)) out.add(key);
  return out;
}

/** Sorted, filtered items. Events whose `time` does not parse are left out (bad input never stalls). */
export function prepareEvents(events: readonly CaseEvent[], now: number, asAt: number | undefined): Item[] {
  let items: Item[] = [];
  let corrections = false;
  let future = false;
  for (const e of events) {
    const t = eventTimeMs(e.time);
    if (Number.isNaN(t)) continue;
    const item: Item = { e, t, r: Number.NaN };
    if (asAt !== undefined && recordedOf(item) > asAt) continue;
    if (e.type === RETRACTED || e.supersedes !== undefined) corrections = true;
    if (t > now) future = true;
    items.push(item);
  }
  // Corrections apply whatever their practice date, so they are read before `now` filters.
  if (corrections || future) {
    const removed = corrections ? removedKeys(items) : undefined;
    items = items.filter(({ e, t }) => t <= now && (removed === undefined || (e.type !== RETRACTED && !removed.has(keyOf(e.source, e.id)))));
  }
  items.sort(byPracticeOrder);
  // (source, id) is the idempotency key. Twins share a practice time, so only the run of equal
  // times needs looking at (usually one event; a Set per call would cost more).
  let w = 0;
  let runStart = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (w > 0 && items[w - 1].t !== item.t) runStart = w;
    if (!hasTwin(items, runStart, w, item.e)) items[w++] = item;
  }
  items.length = w;
  return items;
}

function hasTwin(items: readonly Item[], from: number, to: number, e: CaseEvent): boolean {
  for (let k = from; k < to; k++) if (items[k].e.id === e.id && items[k].e.source === e.source) return true;
  return false;
}
