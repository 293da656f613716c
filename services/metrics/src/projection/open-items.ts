// Items that open with one event and close with another (referrals, plans, periods of care…) as
// spans of practice days, so a snapshot figure is a count of the spans open at the period end.
import { createHash } from 'node:crypto';
import type { CaseEvent } from '@casewatch/contracts';
import { londonDateOf, type LocalDate, RULES_ENGINE_VERSION, startOfLondonDay } from '@casewatch/timescales';
import { breakdownsOf, DIMENSIONS } from '../catalogue/breakdown-dimensions';
import { METRIC_CATALOGUE } from '../catalogue/metric-catalogue';
import type { DataCondition, EventSelector, LatestDefinition, OpenDefinition, OpenItem } from '../catalogue/metric-definition';

/** The fact kind of an item definition: stable while its starts, ends and key are. */
export function itemKind(item: OpenItem): `item:${string}` {
  const signature = JSON.stringify([item.starts.type, item.starts.where ?? [], item.starts.whereNot ?? [], [...item.ends].sort(), item.key]);
  return `item:${createHash('sha256').update(signature).digest('hex').slice(0, 12)}`;
}

/** The snapshot definitions answered from projected items (a share over other events stays in SQL). */
export const isProjectedOpen = (d: OpenDefinition): boolean => d.shareWith === undefined;

/** An item definition as projected: `fields`, the start event's fields its metrics are broken down by. */
export type ProjectedItem = OpenItem & { kind: `item:${string}`; fields: readonly string[] };

const ITEMS: readonly ProjectedItem[] = (() => {
  const byKind = new Map<`item:${string}`, OpenItem & { kind: `item:${string}`; fields: Set<string> }>();
  for (const m of METRIC_CATALOGUE) {
    const d = m.definition;
    const items = d.kind === 'open' && isProjectedOpen(d) ? [d, d.alsoOpen] : d.kind === 'care' ? [d.alsoOpen] : [];
    for (const item of items) {
      if (!item) continue;
      const kind = itemKind(item);
      if (!byKind.has(kind)) byKind.set(kind, { starts: item.starts, ends: item.ends, key: item.key, kind, fields: new Set() });
    }
    // A snapshot's breakdowns by the start event's fields read them from its projected items.
    if (d.kind === 'open' && isProjectedOpen(d)) {
      const fields = byKind.get(itemKind(d))?.fields;
      for (const id of breakdownsOf(m)) {
        const from = DIMENSIONS[id].from;
        if ('event' in from) fields?.add(from.event);
      }
    }
  }
  return [...byKind.values()].map((i) => ({ ...i, fields: [...i.fields].sort() }));
})();

/** The fact kind of a "latest" definition: which event, which field. */
export function latestKind(def: LatestDefinition): `item:${string}` {
  return `item:${createHash('sha256')
    .update(JSON.stringify(['latest', def.events, def.field]))
    .digest('hex')
    .slice(0, 12)}`;
}

const LATEST: readonly { events: string; field: string; kind: `item:${string}` }[] = METRIC_CATALOGUE.flatMap((m) =>
  m.definition.kind === 'latest' ? [{ events: m.definition.events, field: m.definition.field, kind: latestKind(m.definition) }] : [],
);

/**
 * Changes whenever what is projected changes (the items, the reading of care, the default rules):
 * stored with the tenant's rules version, so tenants are projected again.
 */
export const ITEMS_VERSION = createHash('sha256')
  .update([...ITEMS.map((i) => `${i.kind}(${i.fields.join(' ')})`), ...LATEST.map((i) => i.kind)].sort().join(','))
  .update(RULES_ENGINE_VERSION)
  .digest('hex')
  .slice(0, 12);

/** An event that closes a span: its practice time, and where the span then ends. */
export interface Closing {
  t: number;
  toAt: number;
}

export interface ItemSpan {
  kind: `item:${string}`;
  /** The start event's practice time, and the start of its day. */
  fromT: number;
  fromAt: number;
  /** Closing events with its key: it ends at the earliest day among those that happened. */
  ends: Closing[];
  day: LocalDate;
  teamId: string | null;
  workerId: string | null;
  ref: string;
  /** The start event's fields a breakdown groups by, as JSON (`keys` of projected_facts); null without any. */
  keys?: string | null;
}

type Data = Record<string, unknown>;

/**
 * One span per start event of each item definition, as EventFiguresStore's `open` rows: the item is
 * open on day D if it started on or before D and no closing event with its key is dated on or
 * before D (whenever it is dated, as the SQL asks). `events`: the child's events known at a moment.
 */
export function itemSpans(events: readonly { e: CaseEvent; t: number }[]): ItemSpan[] {
  return ITEMS.flatMap((item) => spansOfItem(item, events));
}

/** The spans of one item definition (as itemSpans). */
export function spansOfItem(
  item: OpenItem & { kind?: `item:${string}`; fields?: readonly string[] },
  events: readonly { e: CaseEvent; t: number }[],
): ItemSpan[] {
  const out: ItemSpan[] = [];
  {
    const kind = item.kind ?? itemKind(item);
    const ends = new Map<string, Closing[]>();
    for (const { e, t } of events) {
      if (!item.ends.includes(e.type)) continue;
      const key = (e.data as Data)[item.key];
      if (key === undefined || key === null) continue;
      const k = text(key);
      const list = ends.get(k);
      const end = { t, toAt: startOfLondonDay(londonDateOf(t)) };
      if (list) list.push(end);
      else ends.set(k, [end]);
    }
    for (const { e, t } of events) {
      if (!selects(item.starts, e)) continue;
      const data = e.data as Data;
      const key = data[item.key];
      const day = londonDateOf(t);
      const closing = key === undefined || key === null ? [] : (ends.get(text(key)) ?? []);
      out.push({
        kind,
        fromT: t,
        fromAt: startOfLondonDay(day),
        ends: closing,
        day,
        teamId: str(data.teamId),
        workerId: str(data.workerId),
        ref: `${e.source} ${e.id}`,
        keys: keysOf(data, item.fields),
      });
    }
  }
  return out;
}

/** The fields present (as `data->field` gives them: a missing or JSON null one reads as none). */
function keysOf(data: Data, fields: readonly string[] | undefined): string | null {
  if (!fields || fields.length === 0) return null;
  const keys: Data = {};
  let any = false;
  for (const f of fields) {
    const v = data[f];
    if (v === undefined || v === null) continue;
    keys[f] = v;
    any = true;
  }
  return any ? JSON.stringify(keys) : null;
}

/**
 * For each "latest" definition, the child's events of its type as spans until the next one
 * (EventFiguresStore's `latest` rows: the latest such event on or before the period end); `day` says
 * whether its field is true.
 */
export function latestSpans(events: readonly { e: CaseEvent; t: number }[]): ItemSpan[] {
  const out: ItemSpan[] = [];
  for (const def of LATEST) {
    let previous: ItemSpan | undefined;
    for (const { e, t } of events) {
      if (e.type !== def.events) continue;
      const data = e.data as Data;
      const value = data[def.field];
      previous?.ends.push({ t, toAt: t });
      previous = {
        kind: def.kind,
        fromT: t,
        fromAt: t,
        ends: [],
        day: value !== undefined && value !== null && text(value) === 'true' ? 'true' : 'false',
        teamId: str(data.teamId),
        workerId: str(data.workerId),
        ref: `${e.source} ${e.id}`,
      };
      out.push(previous);
    }
  }
  return out;
}

function selects(s: EventSelector, e: CaseEvent): boolean {
  if (e.type !== s.type) return false;
  const data = e.data as Data;
  return (s.where ?? []).every((c) => matches(data, c)) && !(s.whereNot ?? []).some((c) => matches(data, c));
}

/** As SqlBuilder.matches: `data->>field` compared as text, or a JSON array holding any of the strings. */
function matches(data: Data, c: DataCondition): boolean {
  const v = data[c.field];
  if ('containsAny' in c) return Array.isArray(v) && v.some((x) => typeof x === 'string' && c.containsAny.includes(x));
  return v !== undefined && v !== null && c.anyOf.map(String).includes(text(v));
}

/** `data->>key` as PostgreSQL gives it for scalars. */
function text(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
