import type { EventType } from '@casewatch/contracts';
import { DAY, MINUTE, type WorkingDays } from './calendar';
import type { RunConfig } from './options';
import { Rng, mixSeed } from './prng';

export type Data = Record<string, unknown>;

/** What may happen to an event after it is made (engine.ts decides, with the rates of the run). */
export const LATE = 1; // may be recorded days or weeks after it happened
export const CORRECT = 2; // may be corrected later by an event with `supersedes`
export const DUPLICATE = 4; // may be entered twice by mistake, the copy retracted later

/** An event waiting on a child's agenda. `id` and `rec` are set when the engine processes it. */
export interface Pending {
  type: EventType;
  data: Data;
  flags: number;
  /** The event id; left undefined when the event was not yielded (recorded after the horizon). */
  id?: string;
  /** Recorded time, seconds. */
  rec?: number;
  /** A correction: the event it supersedes, and its fixed recorded time. */
  supersedes?: Pending;
  /** A retraction: the event it withdraws (data.id is filled in when it is yielded). */
  retracts?: Pending;
  fixedRec?: number;
}

interface Item {
  t: number;
  seq: number;
  ev?: Pending;
  run?: () => void;
  /** Survives the end of an episode (contacts, care-leaver contacts, birth details). */
  essential?: boolean;
}

export interface Episode {
  referralId: string;
  start: number;
  closed: boolean;
  assessmentId?: string;
  assessmentDone: boolean;
  factors: string[];
}
export interface CpPlan {
  id: string;
  start: number;
  active: boolean;
  reviews: number;
}
export interface CinPlan {
  id: string;
  start: number;
  active: boolean;
}
export type LacPlan = 'return-home' | 'adoption' | 'sgo' | 'cao' | 'to-18' | 'other';
/** A series of short breaks (903 V3/V4): not looked after in any figure, and no LAC rules. */
export interface ShortBreaks {
  id: string;
  active: boolean;
}
export interface Period {
  id: string;
  start: number;
  active: boolean;
  plan: LacPlan;
  endAt: number;
  placementStart: number;
  visitChain: number;
  intendedToEighteen: boolean;
  placedForAdoption: boolean;
}

/** The next steps of a journey, wired in engine.ts so the journey modules do not import each other. */
export interface Steps {
  contact(c: Child, t: number, known: boolean): void;
  closeEpisode(c: Child, t: number, reason: string): void;
  startAssessment(c: Child, t: number, viaStrategy: boolean): void;
  strategy(c: Child, t: number, withAssessment: boolean): void;
  cinPlan(c: Child, t: number): void;
  endCinPlan(c: Child, t: number): void;
  cpPlan(c: Child, t: number): void;
  endCpPlan(c: Child, t: number): void;
  plo(c: Child, t: number): void;
  lacStart(c: Child, t: number, route: 'emergency' | 's20' | 'proceedings' | 'uasc'): void;
  shortBreaks(c: Child, t: number): void;
  endShortBreaks(c: Child): void;
  careLeaver(c: Child, t: number): void;
  allocate(c: Child, t: number, change: boolean): void;
}

export interface Run {
  config: RunConfig;
  cal: WorkingDays;
  steps: Steps;
}

const itemLess = (a: Item, b: Item): boolean => a.t < b.t || (a.t === b.t && a.seq < b.seq);

/** A child's agenda: a handful of items, kept sorted latest-first so the next one pops off the end. */
class Agenda {
  items: Item[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Item | undefined {
    return this.items[this.items.length - 1];
  }

  pop(): Item | undefined {
    return this.items.pop();
  }

  push(item: Item): void {
    const items = this.items;
    let i = items.length;
    items.push(item);
    while (i > 0 && itemLess(items[i - 1], item)) {
      items[i] = items[i - 1];
      i--;
    }
    items[i] = item;
  }
}

/**
 * One child: its own PRNG stream (so its journey does not depend on anyone else's), its state,
 * and an agenda of events and actions in time order. Actions run at their time and schedule more.
 */
export class Child {
  readonly rng: Rng;
  readonly subject: string;
  /** Digits shared by the child's record ids (R…, V…), unique within the tenant. */
  readonly key: string;
  /** Time of the item being processed: nothing may be scheduled before it. */
  now = 0;
  /** Time of the next item on the agenda, kept by the engine (its heap key). */
  due = 0;
  eventNo = 0;
  birthDay = 0;
  /** Birth is after the first contact (a pre-birth referral). */
  unborn = false;
  sex = 'F';
  /** Arrived as an unaccompanied asylum-seeking child. */
  uasc = false;
  disabled = false;
  team = 0;
  worker = 0;
  allocation = 0;
  cpPlans = 0;
  episode?: Episode;
  cp?: CpPlan;
  cin?: CinPlan;
  lac?: Period;
  breaks?: ShortBreaks;
  /** Set when an episode ends: stale follow-ups (visits, reviews, turnover…) are then dropped. */
  compactSoon = false;
  private readonly agenda = new Agenda();
  private seq = 0;
  private readonly counters = new Map<string, number>();

  constructor(
    readonly run: Run,
    /** 1-based: the n-th child to arrive. */
    readonly no: number,
  ) {
    const { seed } = run.config;
    this.rng = new Rng(mixSeed(seed, no));
    this.key = `${String(seed % 1000).padStart(3, '0')}${String(no).padStart(7, '0')}`;
    this.subject = `C${this.key}`;
  }

  get steps(): Steps {
    return this.run.steps;
  }

  get nextTime(): number {
    return this.agenda.peek()?.t ?? Number.POSITIVE_INFINITY;
  }

  get idle(): boolean {
    return this.agenda.size === 0;
  }

  /** Takes the next item: an event to yield, or undefined after running an action. */
  take(): Pending | undefined {
    const item = this.agenda.pop() as Item;
    this.now = item.t;
    if (item.run) {
      item.run();
      if (this.compactSoon) this.compact();
      return undefined;
    }
    return item.ev;
  }

  /**
   * Drops scheduled actions that can no longer do anything (each would check its plan or episode
   * and return): a child whose case has closed leaves the scheduler instead of idling for years.
   * Events already made, and essential actions, stay.
   */
  private compact(): void {
    this.compactSoon = false;
    this.agenda.items = this.agenda.items.filter((item) => item.ev !== undefined || item.essential === true);
  }

  /** A new record id of this child, e.g. R0010000042-3. */
  id(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}${this.key}-${n}`;
  }

  /** Schedules an event at t (never before now). */
  emit(t: number, type: EventType, data: Data, flags = 0): Pending {
    const ev: Pending = { type, data, flags };
    this.agenda.push({ t: Math.max(t, this.now), seq: this.seq++, ev });
    return ev;
  }

  /** Schedules an already-built pending event (corrections, duplicates, retractions). */
  schedule(t: number, ev: Pending): void {
    this.agenda.push({ t: Math.max(t, this.now), seq: this.seq++, ev });
  }

  /** Schedules an action at t (never before now); `essential` ones outlive the episode. */
  at(t: number, run: () => void, essential = false): void {
    this.agenda.push({ t: Math.max(t, this.now), seq: this.seq++, run, essential });
  }

  /** `data` plus who holds the case now, when someone does. */
  held(data: Data): Data {
    if (this.worker > 0) {
      data.teamId = `T${this.team}`;
      data.workerId = `SW${this.worker}`;
    }
    return data;
  }

  /** A time in office hours (08:00–17:29 UTC) on a day. */
  office(day: number): number {
    return day * DAY + 8 * 3600 + this.rng.int(0, 569) * MINUTE;
  }

  /** n working days after t's day (n ≥ 1), in office hours; n = 0 is later the same day. */
  wd(t: number, n: number): number {
    if (n <= 0) return this.later(t, 10, 120);
    return this.office(this.run.cal.add(Math.floor(t / DAY), n));
  }

  /** n calendar days after t's day, in office hours (moved on to a working day). */
  days(t: number, n: number): number {
    const day = Math.floor(t / DAY) + Math.max(1, Math.round(n));
    return this.office(this.run.cal.onOrAfter(day));
  }

  /** Some minutes later, kept before 22:00 UTC the same day when there is room. */
  later(t: number, minMinutes: number, maxMinutes: number): number {
    const next = t + this.rng.int(minMinutes, maxMinutes) * MINUTE;
    const dayEnd = Math.floor(t / DAY) * DAY + 22 * 3600;
    return next < dayEnd || t >= dayEnd ? next : Math.max(t + MINUTE, dayEnd - MINUTE);
  }

  dayOf(t: number): number {
    return Math.floor(t / DAY);
  }

  /** Age in whole years at t (by mean year length: may be a day out around a birthday). */
  ageAt(t: number): number {
    return Math.floor((Math.floor(t / DAY) - this.birthDay) / 365.2425);
  }
}
