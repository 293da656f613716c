// The engine: children arrive over the window, each with its own agenda; the scheduler, keyed by
// each child's next practice time, merges every child's events into practice-time order. Ids,
// recorded times, late entry, corrections and retractions are settled here as events come out.
import type { CaseEvent } from '@casewatch/contracts';
import { DAY, HOUR, MINUTE, WorkingDays, formatInstant } from './calendar';
import { CORRECT, Child, DUPLICATE, LATE, type Pending, type Run, type Steps } from './child';
import { correctedData, duplicateData } from './corrections';
import { allocate, arrive, closeEpisode, contact } from './journeys/front-door';
import { startAssessment, strategy } from './journeys/assessment';
import { careLeaver } from './journeys/care-leavers';
import { lacStart } from './journeys/looked-after';
import { endShortBreaks, shortBreaks } from './journeys/short-breaks';
import { cinPlan, cpPlan, endCinPlan, endCpPlan, plo } from './journeys/plans';
import type { RunConfig } from './options';
import { Rng, mixSeed } from './prng';
import { Scheduler } from './scheduler';

const STEPS: Steps = {
  contact,
  closeEpisode,
  startAssessment,
  strategy,
  cinPlan,
  endCinPlan,
  cpPlan,
  endCpPlan,
  plo,
  lacStart,
  shortBreaks,
  endShortBreaks,
  careLeaver,
  allocate,
};

// Arrivals are spread evenly over office hours (08:00–17:30) of working days.
const OFFICE_MINUTES = 570;

// In the warm-up, the routine events that make up half a history and open no record that stays
// open are left out, except in its last 91 days: counts at `from` are right at a fraction of the
// volume, and every visit chain has its latest visit (LAC visits are at most 3 months apart).
const ROUTINE_KEPT_DAYS = 91;
const ROUTINE = new Set<string>([
  'csc.contact.received',
  'csc.contact.decided',
  'csc.visit.completed',
  'csc.missing.started',
  'csc.missing.ended',
  'csc.return-interview.completed',
  'csc.care-leaver.contact-recorded',
  'csc.event.retracted',
]);

export class Engine {
  private readonly run: Run;
  private readonly scheduler = new Scheduler();
  private readonly arrivals: Rng;
  private readonly minutesPerChild: number;
  /** Children arriving in the warm-up before `from` (numbered first), then `children` in the window. */
  private readonly warmUpChildren: number;
  /** Routine events before this instant are left out (the warm-up but its last 91 days). */
  private readonly routineFrom: number;
  private arrivalNo = 0;
  private arrivalAt = Number.POSITIVE_INFINITY;
  /** Events yielded so far. */
  count = 0;

  constructor(private readonly config: RunConfig) {
    this.run = { config, cal: new WorkingDays(), steps: STEPS };
    this.arrivals = new Rng(mixSeed(config.seed, 0));
    const workingDays = this.run.cal.between(config.fromDay - 1, config.toDay);
    this.minutesPerChild = config.children > 0 ? (workingDays * OFFICE_MINUTES) / config.children : Number.POSITIVE_INFINITY;
    const warmUpDays = this.run.cal.between(config.startDay - 1, config.fromDay - 1);
    this.warmUpChildren = config.children > 0 ? Math.round((warmUpDays * OFFICE_MINUTES) / this.minutesPerChild) : 0;
    this.routineFrom = config.startDay < config.fromDay ? (config.fromDay - ROUTINE_KEPT_DAYS) * DAY : Number.NEGATIVE_INFINITY;
    this.scheduleArrival();
  }

  /** The next event in practice-time order, or undefined when there is none up to the horizon. */
  next(): CaseEvent | undefined {
    const { horizon } = this.config;
    for (;;) {
      const top = this.scheduler.peek();
      const due = top ? top.due : Number.POSITIVE_INFINITY;
      if (this.arrivalAt <= due && this.arrivalAt <= horizon) {
        this.admit();
        continue;
      }
      if (!top || due > horizon) return undefined;
      const child = top;
      const pending = child.take();
      const event = pending ? this.settle(child, pending, due) : undefined;
      child.due = child.nextTime;
      this.scheduler.requeueTop(child);
      if (event) {
        this.count++;
        return event;
      }
    }
  }

  private scheduleArrival(): void {
    const { children, openEnded, startDay } = this.config;
    if (!openEnded && this.arrivalNo >= children + this.warmUpChildren) {
      this.arrivalAt = Number.POSITIVE_INFINITY;
      return;
    }
    const position = (this.arrivalNo + this.arrivals.next()) * this.minutesPerChild;
    if (!Number.isFinite(position)) {
      this.arrivalAt = Number.POSITIVE_INFINITY;
      return;
    }
    const dayIndex = Math.floor(position / OFFICE_MINUTES);
    const day = this.run.cal.add(startDay - 1, dayIndex + 1);
    this.arrivalAt = day * DAY + 8 * HOUR + Math.floor(position - dayIndex * OFFICE_MINUTES) * MINUTE;
  }

  private admit(): void {
    this.arrivalNo++;
    const child = new Child(this.run, this.arrivalNo);
    child.at(this.arrivalAt, () => arrive(child));
    child.due = this.arrivalAt;
    this.scheduler.add(child);
    this.scheduleArrival();
  }

  /**
   * Gives a processed event its id and recorded time and decides what follows it (a correction, a
   * mistaken copy and its retraction). Every random draw happens whatever the horizon, so a bounded
   * run and an open-ended one stay in step. Returns undefined for an event recorded after the horizon.
   */
  private settle(c: Child, ev: Pending, t: number): CaseEvent | undefined {
    const { config } = this;
    const rng = c.rng;
    const eventNo = ++c.eventNo;
    let rec: number;
    let onTime = true;
    if (ev.fixedRec !== undefined) {
      rec = ev.fixedRec;
      onTime = false;
    } else if (ev.retracts) {
      rec = t + rng.int(5, 600);
      onTime = false;
    } else if ((ev.flags & LATE) !== 0 && rng.chance(config.lateFraction)) {
      // Days or weeks late: mostly within a fortnight, a tail to about two months.
      rec = t + (rng.chance(0.7) ? rng.int(2, 14) : rng.int(15, 60)) * DAY + rng.int(0, 8 * 3600);
      onTime = false;
    } else {
      // Same day for most, within a couple of days for the rest.
      rec = t + (rng.chance(0.85) ? rng.int(120, 4 * 3600) : rng.int(4 * 3600, 60 * 3600));
    }
    ev.rec = rec;

    if ((ev.flags & CORRECT) !== 0 && rng.chance(config.correctionFraction)) {
      const data = correctedData(c, ev);
      if (data) {
        const fixedRec = rec + rng.int(1, 45) * DAY + rng.int(0, 8 * 3600);
        c.schedule(t, { type: ev.type, data, flags: 0, supersedes: ev, fixedRec });
      }
    }
    if ((ev.flags & DUPLICATE) !== 0 && rng.chance(config.retractionFraction)) {
      const copyAt = t + rng.int(1, 30) * MINUTE;
      const copy: Pending = { type: ev.type, data: duplicateData(c, ev), flags: 0, fixedRec: Math.max(rec, copyAt) + rng.int(60, 3600) };
      c.schedule(copyAt, copy);
      // Noticed and withdrawn days later: the retraction's practice time is when it was made.
      const day = Math.floor((copy.fixedRec as number) / DAY) + rng.int(1, 20);
      c.schedule(c.office(this.run.cal.onOrAfter(day)), {
        type: 'csc.event.retracted',
        data: { id: '' },
        flags: 0,
        retracts: copy,
      });
    }

    if (t < this.routineFrom && ROUTINE.has(ev.type)) return undefined;
    if (rec > config.horizon) {
      if (!onTime) return undefined; // recorded after the horizon: not known yet
      rec = config.horizon;
    }
    const earlier = ev.supersedes ?? ev.retracts;
    if (earlier && earlier.id === undefined) return undefined;
    ev.id = `g${config.seed}-${c.no}-${eventNo}`;
    if (ev.retracts) ev.data.id = ev.retracts.id;

    const event: Record<string, unknown> = {
      specversion: '1.0',
      id: ev.id,
      source: config.source,
      type: ev.type,
      time: formatInstant(t),
      subject: c.subject,
      tenant: config.tenant,
      recordedtime: formatInstant(rec),
    };
    if (ev.supersedes) event.supersedes = ev.supersedes.id;
    event.data = ev.data;
    return event as unknown as CaseEvent;
  }
}
