import { METRICS_BY_ID } from '../catalogue/metric-catalogue';
import type { MetricDefinition } from '../catalogue/metric-definition';
import { SnapshotPacing, type DueMetrics } from './snapshot-pacing';

const received = METRICS_BY_ID.get('contacts.received') as MetricDefinition;
const awaiting = METRICS_BY_ID.get('contacts.awaiting-decision') as MetricDefinition;
const unallocated = METRICS_BY_ID.get('referrals.awaiting-allocation') as MetricDefinition;
const ids = ({ flows, snapshots }: DueMetrics) => ({ flows: flows.map((d) => d.id), snapshots: snapshots.map((d) => d.id) });

describe("the fast lane computes a tenant's snapshots at most once a turn", () => {
  it('flows after every batch; a snapshot at once, then not again before its turn', () => {
    const pacing = new SnapshotPacing(1000);
    expect(ids(pacing.due('t', [received, awaiting], 10_000))).toEqual({ flows: ['contacts.received'], snapshots: ['contacts.awaiting-decision'] });
    expect(ids(pacing.due('t', [received, awaiting], 10_400))).toEqual({ flows: ['contacts.received'], snapshots: [] });
    expect(pacing.nextTurn()).toBe(11_000);
    expect(pacing.heldTenants()).toEqual(['t']);
  });

  it('held snapshots come with the first batch at or after their turn, each once', () => {
    const pacing = new SnapshotPacing(1000);
    pacing.due('t', [awaiting], 10_000);
    pacing.due('t', [awaiting], 10_200);
    pacing.due('t', [unallocated], 10_300);
    expect(ids(pacing.due('t', [], 10_999))).toEqual({ flows: [], snapshots: [] });
    expect(ids(pacing.due('t', [received], 11_000))).toEqual({
      flows: ['contacts.received'],
      snapshots: ['contacts.awaiting-decision', 'referrals.awaiting-allocation'],
    });
    expect(pacing.nextTurn()).toBeUndefined();
    expect(pacing.heldTenants()).toEqual([]);
  });

  it('while the snapshot lane is busy, snapshots are held past their turn; flows are not', () => {
    const pacing = new SnapshotPacing(1000);
    pacing.due('t', [awaiting], 10_000);
    expect(ids(pacing.due('t', [received, awaiting], 12_000, false))).toEqual({ flows: ['contacts.received'], snapshots: [] });
    expect(pacing.nextTurn()).toBe(11_000);
    expect(ids(pacing.due('t', [], 12_100))).toEqual({ flows: [], snapshots: ['contacts.awaiting-decision'] });
  });

  it('tenants take their turns apart', () => {
    const pacing = new SnapshotPacing(1000);
    pacing.due('a', [awaiting], 10_000);
    expect(ids(pacing.due('b', [awaiting], 10_500)).snapshots).toEqual(['contacts.awaiting-decision']);
    pacing.due('a', [awaiting], 10_600);
    pacing.due('b', [awaiting], 10_700);
    expect(pacing.nextTurn()).toBe(11_000);
    expect(pacing.heldTenants().sort()).toEqual(['a', 'b']);
  });
});
