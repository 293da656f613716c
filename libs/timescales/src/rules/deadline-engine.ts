// The deadline engine: one child's events in, that child's deadlines out. Pure and linear in the
// events: one sorted pass, each event looking up only the handlers of its type.
import type { CaseEvent } from '@casewatch/contracts';
import { TimescalesError } from '../errors';
import { computeDue, type Limit } from '../limits';
import { londonDateOf } from '../london-date';
import { type CompiledTenant, type Handler, ROLE_CANCEL, ROLE_COMPLETE, ROLE_START, compileTenant, conditionsHold } from './compiled-tenant';
import { type Clock, type Holder, toDeadline } from './deadline-output';
import { settingsAt } from './effective-rules';
import { type Item, prepareEvents } from './prepare-events';
import type { Deadline, EvaluateOptions, ResolvedRule, RuleSettings, TenantRuleConfig } from './types';

type Data = Readonly<Record<string, unknown>>;

class ChildRun {
  private readonly open: Clock[][];
  readonly clocks: Clock[] = [];
  private keys: Set<string> | undefined;
  private viaMaps: (Map<unknown, Item> | undefined)[] | undefined;
  holder: Holder | undefined;

  constructor(
    private readonly tenant: CompiledTenant,
    private readonly items: readonly Item[],
  ) {
    this.open = tenant.rules.map(() => []);
  }

  run(): void {
    const { items } = this;
    let i = 0;
    while (i < items.length) {
      // Events at the same instant (date-only events share 00:00): all starts, then completions,
      // then cancels, so arrival order never decides whether a same-day completion counts.
      let j = i + 1;
      while (j < items.length && items[j].t === items[i].t) j++;
      if (j === i + 1) this.apply(items[i], -1);
      else for (let role = ROLE_START; role <= ROLE_CANCEL; role++) for (let k = i; k < j; k++) this.apply(items[k], role);
      i = j;
    }
  }

  /** Applies an event's handlers of one role (−1: all, in role order). */
  private apply(item: Item, role: number): void {
    const e = item.e;
    if (role <= ROLE_START) this.track(e);
    const handlers = this.tenant.handlers.get(e.type);
    if (handlers === undefined) return;
    const data = e.data as Data;
    for (const h of handlers) {
      if ((role >= 0 && h.role !== role) || !conditionsHold(h, data)) continue;
      if (h.role === ROLE_START) this.start(h, item);
      else if (h.role === ROLE_COMPLETE) this.complete(h, item, data);
      else this.cancel(h, item, data);
    }
  }

  /** Who holds the case: the latest allocation event wins. */
  private track(e: CaseEvent): void {
    if (e.type === 'csc.worker.allocated') this.holder = { teamId: e.data.teamId, workerId: e.data.workerId };
    // Unallocated: no worker; the case stays with the team unless the event names another.
    else if (e.type === 'csc.worker.unallocated') this.holder = { teamId: e.data.teamId ?? this.holder?.teamId };
  }

  private start(h: Handler, item: Item): void {
    const rule = this.tenant.rules[h.ruleIndex];
    const open = this.open[h.ruleIndex];
    if (h.restartOnly && open.length === 0) return;
    let key: string | undefined;
    if (rule.key) {
      key = `${h.ruleIndex}|${rule.key.map((f) => String((item.e.data as Data)[f])).join('|')}`;
      if (this.keys?.has(key)) return;
    }
    if (rule.startPolicy === 'restart') {
      for (const clock of open) this.close(clock, item, false);
      open.length = 0;
    }
    if (this.openClock(h.ruleIndex, rule, item, item, 0) && key !== undefined) (this.keys ??= new Set()).add(key);
  }

  private complete(h: Handler, item: Item, data: Data): void {
    const open = this.open[h.ruleIndex];
    if (open.length === 0) return;
    const virtual = data.virtual === true;
    const against = h.via >= 0 ? this.viaTarget(h, data) : data;
    let first: Clock | undefined;
    let w = 0;
    for (const clock of open) {
      const counts = !(virtual && clock.settings.allowVirtual === false) && sameAs(h, against, clock);
      if (counts) {
        this.close(clock, item, true);
        first ??= clock;
      } else open[w++] = clock;
    }
    open.length = w;
    const rule = this.tenant.rules[h.ruleIndex];
    // Recurring: one next clock from this completion, even if it met several clocks.
    if (first && rule.recurring) this.openClock(h.ruleIndex, rule, item, first.origin, first.step + 1);
  }

  private cancel(h: Handler, item: Item, data: Data): void {
    const open = this.open[h.ruleIndex];
    let w = 0;
    for (const clock of open) {
      if (sameAs(h, data, clock)) this.close(clock, item, false);
      else open[w++] = clock;
    }
    open.length = w;
  }

  private close(clock: Clock, by: Item, met: boolean): void {
    clock.closedAt = by.t;
    clock.closedBy = by;
    clock.met = met;
  }

  private openClock(ruleIndex: number, rule: ResolvedRule, anchor: Item, origin: Item, step: number): boolean {
    const startDate = londonDateOf(anchor.t);
    const settings = settingsAt(rule, startDate);
    if (!settings.enabled) return false;
    const limit = limitFor(rule, settings, step, origin, startDate, this.tenant);
    const due = computeDue(anchor.t, limit, this.tenant.calendar);
    const clock: Clock = { ruleIndex, settings, anchor, origin, step, startDate, limit, due, closedAt: 0, closedBy: undefined, met: false };
    this.open[ruleIndex].push(clock);
    this.clocks.push(clock);
    return true;
  }

  /** The earlier event a `via` matcher compares against (undefined: there is none). */
  private viaTarget(h: Handler, data: Data): Data | undefined {
    const maps = (this.viaMaps ??= []);
    let map = maps[h.via];
    if (map === undefined) {
      const { type, by } = this.tenant.vias[h.via];
      map = new Map();
      for (const item of this.items) {
        const value = (item.e.data as Data)[by];
        if (item.e.type === type && value !== undefined && !map.has(value)) map.set(value, item);
      }
      maps[h.via] = map;
    }
    return map.get(data[this.tenant.vias[h.via].by])?.e.data as Data | undefined;
  }
}

/**
 * Whether an event is about the clock's subject matter: its `sameAs` fields equal those of the
 * event that started the chain. Loose matchers skip fields missing on either side; a `via` event
 * that is missing matches any clock ("the child's next completed assessment").
 */
function sameAs(h: Handler, data: Data | undefined, clock: Clock): boolean {
  if (h.sameAs.length === 0) return true;
  if (data === undefined) return h.via >= 0;
  const originData = clock.origin.e.data as Data;
  for (const field of h.sameAs) {
    const value = data[field];
    const own = originData[field];
    if (h.loose && (value === undefined || own === undefined)) continue;
    if (value !== own) return false;
  }
  return true;
}

/** The k-th clock of a chain: stepped limits, or the long-stay limit once it applies. */
function limitFor(rule: ResolvedRule, settings: RuleSettings, step: number, origin: Item, startDate: string, tenant: CompiledTenant): Limit {
  const long = rule.longStay;
  if (long && step > 0 && (origin.e.data as Data)[long.whenTrue] === true) {
    const lasted = computeDue(origin.t, long.after, tenant.calendar).dueDate;
    if (lasted !== undefined && startDate >= lasted) return long.limit;
  }
  const limits = settings.limits;
  return limits[step < limits.length ? step : limits.length - 1];
}

/**
 * All deadlines of one child at `opts.now`, in the order their clocks started. `events` are the
 * child's events in any order; `tenant` is the tenant's settings (or compileTenant's result, kept
 * between calls).
 */
export function evaluateChild(events: readonly CaseEvent[], tenant: TenantRuleConfig | CompiledTenant, opts: EvaluateOptions): Deadline[] {
  if (!Number.isFinite(opts.now)) throw new TimescalesError('INVALID_INSTANT', `now must be epoch ms, got ${opts.now}`);
  const compiled = 'handlers' in tenant ? tenant : compileTenant(tenant);
  const items = prepareEvents(events, opts.now, opts.asAt);
  const child = new ChildRun(compiled, items);
  child.run();
  const out: Deadline[] = new Array(child.clocks.length);
  for (let i = 0; i < out.length; i++) {
    const clock = child.clocks[i];
    out[i] = toDeadline(compiled.rules[clock.ruleIndex], clock, compiled.calendar, child.holder, opts.now);
  }
  return out;
}
