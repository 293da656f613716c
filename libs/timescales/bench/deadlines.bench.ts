// Prints evaluateChild's speed on synthetic children (contact → assessment, CP, CIN and looked-after
// journeys with visits, reviews and corrections). Numbers only; nothing asserted.
// Run with `bash libs/timescales/bench/run-deadlines.sh` (plain node, not Jest).
import type { CaseEvent, EventDataOf, EventType } from '@casewatch/contracts';
import { performance } from 'node:perf_hooks';
import { compileTenant, evaluateChild } from '../src';

const CHILDREN = 10_000;
const DAY = 86_400_000;
let seed = 7;
const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));

function child(n: number): CaseEvent[] {
  const events: CaseEvent[] = [];
  const subject = `C${n}`;
  let t = Date.UTC(2024, 0, 1) + pick(0, 700) * DAY + pick(8, 17) * 3_600_000;
  const add = <K extends EventType>(type: K, data: EventDataOf<K>, days = 0): void => {
    t += days * DAY;
    const time = new Date(t).toISOString().slice(0, 19) + 'Z';
    const recordedtime = new Date(t + pick(0, 5) * DAY).toISOString().slice(0, 19) + 'Z';
    const id = `${subject}-${events.length}`;
    events.push({ specversion: '1.0', id, source: 'urn:la:1:lcs', type, time, subject, tenant: 'bench', recordedtime, data } as CaseEvent);
  };
  add('csc.contact.received', { contactId: `K${n}` });
  add('csc.contact.decided', { contactId: `K${n}`, outcome: 'referral' }, pick(0, 2));
  add('csc.referral.received', { referralId: `R${n}` });
  add('csc.worker.allocated', { workerId: `W${n % 300}`, teamId: `T${n % 20}` }, pick(0, 6));
  add('csc.assessment.started', { assessmentId: `A${n}`, referralId: `R${n}` }, 1);
  add('csc.assessment.completed', { assessmentId: `A${n}`, outcome: 'cin' }, pick(20, 70));
  const journey = random();
  const visits = (kind: 'cp' | 'cin' | 'lac', count: number, gap: [number, number]): void => {
    for (let i = 0; i < count; i++) add('csc.visit.completed', { visitId: `V${n}-${kind}${i}`, kind, seen: random() > 0.05 }, pick(...gap));
  };
  if (journey < 0.3) {
    add('csc.strategy-discussion.held', { strategyId: `S${n}`, outcome: 's47' });
    add('csc.icpc.held', { conferenceId: `I${n}`, outcome: 'cp-plan' }, pick(10, 25));
    add('csc.cp-plan.started', { cpPlanId: `P${n}`, category: 'NEG' });
    for (let r = 0; r < pick(1, 3); r++) {
      visits('cp', pick(6, 12), [7, 16]);
      add('csc.cp-review.held', { cpPlanId: `P${n}`, outcome: 'continue' }, 3);
    }
    if (random() < 0.7) add('csc.cp-plan.ended', { cpPlanId: `P${n}` }, 5);
  } else if (journey < 0.6) {
    add('csc.cin-plan.started', { cinPlanId: `N${n}` });
    visits('cin', pick(4, 15), [10, 30]);
    if (random() < 0.6) add('csc.cin-plan.ended', { cinPlanId: `N${n}` }, 5);
  } else if (journey < 0.85) {
    add('csc.lac.started', { periodId: `L${n}`, legalStatus: 'C2', placementType: 'U1' });
    add('csc.health-assessment.completed', { kind: 'initial' }, pick(5, 30));
    for (let p = 0; p < pick(1, 4); p++) {
      visits('lac', pick(3, 10), [20, 45]);
      add('csc.lac-review.held', { periodId: `L${n}` }, 2);
      add('csc.pep.completed', {}, 5);
      if (random() < 0.5) add('csc.lac.placement-changed', { periodId: `L${n}`, placementType: 'U3', intendedToEighteen: random() < 0.5 }, 3);
    }
    if (random() < 0.3) {
      add('csc.missing.ended', { missingId: `M${n}` }, 10);
      add('csc.return-interview.completed', { missingId: `M${n}`, accepted: true }, pick(1, 4));
    }
  } else if (random() < 0.5) {
    add('csc.referral.closed', { referralId: `R${n}` }, 10);
  }
  if (random() < 0.1) add('csc.event.retracted', { id: events[pick(0, events.length - 1)].id }, 1);
  // Arrival order is not practice order for some children.
  if (random() < 0.2) events.reverse();
  return events;
}

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const children = Array.from({ length: CHILDREN }, (_, i) => child(i));
const eventCount = children.reduce((sum, c) => sum + c.length, 0);
const tenant = compileTenant({ nation: 'england', rules: { 'cp-visit': { limit: { n: 15, unit: 'working-days' }, effectiveFrom: '2025-01-01' } } });
const now = Date.UTC(2026, 5, 1);

let deadlines = 0;
for (const c of children) deadlines += evaluateChild(c, tenant, { now }).length; // warm up (JIT)
for (let round = 1; round <= 5; round++) {
  deadlines = 0;
  const t0 = performance.now();
  for (const c of children) deadlines += evaluateChild(c, tenant, { now }).length;
  const s = (performance.now() - t0) / 1000;
  print(
    `round ${round}: ${CHILDREN} children, ${eventCount} events (${(eventCount / CHILDREN).toFixed(1)}/child), ` +
      `${deadlines} deadlines in ${(s * 1000).toFixed(0)} ms: ` +
      `${Math.round(eventCount / s).toLocaleString('en-GB')} events/s, ${Math.round(CHILDREN / s).toLocaleString('en-GB')} children/s`,
  );
}
const t1 = performance.now();
for (const c of children) evaluateChild(c, tenant, { now, asAt: now - 30 * DAY });
print(`with asAt: ${Math.round(eventCount / ((performance.now() - t1) / 1000)).toLocaleString('en-GB')} events/s`);
