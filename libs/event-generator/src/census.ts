// Headline counts of a generated history at a moment, from the events alone: how big the tenant
// looks (looked-after children, CP plans, children in need, referrals a month). Record-based, so
// corrections and retracted copies do not count twice. For tests and the CLI's `--census`; the
// metrics service's figures are the real definitions (metrics.md).
import { eventTimeToEpochMs, type CaseEvent } from '@casewatch/contracts';

export interface Census {
  /** The moment counted, RFC 3339. */
  at: string;
  /** Children in an open period of care whose legal status is not a short break (V3/V4). */
  lookedAfter: number;
  /** Children in an open period of care on a short break (V3/V4). */
  shortBreaks: number;
  /** Looked-after children (not short breaks) by the legal status in force. */
  legalStatus: Record<string, number>;
  /** Looked-after children whose current placement is meant to last until 18. */
  intendedToEighteen: number;
  /** Children on an open CP plan. */
  childProtection: number;
  /** Children with an open referral (episode of need), CP and looked after included. */
  childrenInNeed: number;
  /** Referrals received in each of the 12 whole months before the month of `at`, oldest first. */
  referralsPerMonth: number[];
  /** Teams and workers holding at least one child at `at`. */
  teams: number;
  workers: number;
}

interface Period {
  subject: string;
  legalStatus: string;
  intendedToEighteen: boolean;
}

const SHORT_BREAK = new Set(['V3', 'V4']);

/** Counts events fed in practice-time order (as generated); events after `at` are ignored. */
export class CensusCounter {
  private readonly limit: number;
  // Months numbered from year 0: the first counted is 12 before the month of `at`.
  private readonly firstMonth: number;
  private readonly referralsPerMonth = new Array<number>(12).fill(0);
  private readonly periods = new Map<string, Period>();
  private readonly cp = new Map<string, string>();
  private readonly referrals = new Map<string, string>();
  private readonly counted = new Set<string>();
  private readonly held = new Map<string, { teamId: string; workerId: string }>();

  constructor(readonly at: string) {
    this.limit = Date.parse(at);
    const atDate = new Date(this.limit);
    this.firstMonth = atDate.getUTCFullYear() * 12 + atDate.getUTCMonth() - 12;
  }

  /** False once the events have passed `at` (the rest can be skipped). */
  add(e: CaseEvent): boolean {
    const t = eventTimeToEpochMs(e.time);
    if (t > this.limit) return false;
    const { periods } = this;
    switch (e.type) {
      case 'csc.lac.started':
        // Another period of the child's still open closes here (events.md).
        for (const [id, p] of periods) if (p.subject === e.subject) periods.delete(id);
        periods.set(e.data.periodId, {
          subject: e.subject,
          legalStatus: e.data.shortBreak && !e.data.legalStatus ? 'V3' : e.data.legalStatus,
          intendedToEighteen: e.data.intendedToEighteen === true,
        });
        break;
      case 'csc.lac.legal-status-changed': {
        const period = periods.get(e.data.periodId);
        if (period) period.legalStatus = e.data.legalStatus;
        break;
      }
      case 'csc.lac.placement-changed': {
        const period = periods.get(e.data.periodId);
        if (period) period.intendedToEighteen = e.data.intendedToEighteen === true;
        break;
      }
      case 'csc.lac.ended':
        periods.delete(e.data.periodId);
        break;
      case 'csc.cp-plan.started':
        this.cp.set(e.data.cpPlanId, e.subject);
        break;
      case 'csc.cp-plan.ended':
        this.cp.delete(e.data.cpPlanId);
        break;
      case 'csc.referral.received': {
        this.referrals.set(e.data.referralId, e.subject);
        // A correction repeats the referral: count each referral once.
        const month = new Date(t);
        const index = month.getUTCFullYear() * 12 + month.getUTCMonth() - this.firstMonth;
        if (index >= 0 && index < 12 && !this.counted.has(e.data.referralId)) this.referralsPerMonth[index]++;
        this.counted.add(e.data.referralId);
        break;
      }
      case 'csc.referral.closed':
        this.referrals.delete(e.data.referralId);
        break;
      case 'csc.worker.allocated':
        this.held.set(e.subject, { teamId: e.data.teamId as string, workerId: e.data.workerId as string });
        break;
      case 'csc.worker.unallocated':
        this.held.delete(e.subject);
        break;
    }
    return true;
  }

  result(): Census {
    const legalStatus: Record<string, number> = {};
    const lac = new Set<string>();
    const shortBreaks = new Set<string>();
    let intendedToEighteen = 0;
    for (const period of this.periods.values()) {
      if (SHORT_BREAK.has(period.legalStatus)) {
        shortBreaks.add(period.subject);
        continue;
      }
      if (lac.has(period.subject)) continue;
      lac.add(period.subject);
      legalStatus[period.legalStatus] = (legalStatus[period.legalStatus] ?? 0) + 1;
      if (period.intendedToEighteen) intendedToEighteen++;
    }
    const allocations = [...this.held.values()];
    return {
      at: this.at,
      lookedAfter: lac.size,
      shortBreaks: shortBreaks.size,
      legalStatus,
      intendedToEighteen,
      childProtection: new Set(this.cp.values()).size,
      childrenInNeed: new Set(this.referrals.values()).size,
      referralsPerMonth: this.referralsPerMonth.slice(),
      teams: new Set(allocations.map((a) => a.teamId)).size,
      workers: new Set(allocations.map((a) => a.workerId)).size,
    };
  }
}

/** Counts `events` (in practice-time order, as generated) up to and including `at`. */
export function census(events: Iterable<CaseEvent>, at: string): Census {
  const counter = new CensusCounter(at);
  for (const e of events) if (!counter.add(e)) break;
  return counter.result();
}
