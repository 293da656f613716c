// Shapes of rules, tenants and deadlines for the deadline engine (timescales.md).
import type { DeadlineState, EventMatcher, EventType, TenantRules } from '@casewatch/contracts';
import type { Limit } from '../limits';
import type { LocalDate } from '../london-date';
import type { Nation } from '../nation';

/**
 * Which events start, complete or cancel a clock: the contracts' EventMatcher (type, where,
 * whereNot, sameAs) plus two things the default rules need.
 */
export interface RuleMatcher extends EventMatcher {
  /**
   * Compare `sameAs` on an earlier event of `type` with the same `data[by]` instead of on this
   * event (an assessment.completed → the assessment.started with its assessmentId → referralId).
   * When there is no such event, or it lacks the fields, the matcher matches any clock.
   */
  readonly via?: { readonly type: EventType; readonly by: string };
  /** `sameAs` fields absent on either event do not constrain (a plan id, where the clock has one). */
  readonly loose?: boolean;
  /** A start that only restarts an open clock of the rule (a new placement), never opens one. */
  readonly restartOnly?: boolean;
  /** Not when the event's legal status is a short break (V3/V4, or `shortBreak` without one: legalStatusOf). */
  readonly unlessShortBreak?: boolean;
}

/** The long-stay interval: e.g. lac-visit every 3 months once the placement has lasted a year. */
export interface LongStayLimit {
  /** How long the chain's first anchor (the placement start) must have lasted at the clock's anchor. */
  readonly after: Limit;
  /** A data field that must be `true` on that first anchor (intendedToEighteen). */
  readonly whenTrue: string;
  readonly limit: Limit;
}

/** What a start does when the rule already has an open clock. */
export type StartPolicy =
  /** one clock per child: a new start cancels the open clock and opens a new one */
  | 'restart'
  /** every start opens its own clock; with `key`, only the first start of each key value does */
  | 'parallel';

/** A default rule, as data (default-rules.ts). */
export interface RuleDefinition {
  readonly id: string;
  readonly title: string;
  /** The statutory source for `explain` ("reg 28"). */
  readonly reference?: string;
  readonly starts: readonly RuleMatcher[];
  readonly completes: readonly RuleMatcher[];
  readonly cancels?: readonly RuleMatcher[];
  readonly startPolicy: StartPolicy;
  /** Data fields naming the clock (contactId): a second start with the same value opens nothing. */
  readonly key?: readonly string[];
  /** One limit, or stepped limits where the last repeats (3 months, then 6 months). */
  readonly limit: Limit | readonly Limit[];
  readonly longStay?: LongStayLimit;
  /** The next clock opens from the completion that met (or late-met) the previous one. */
  readonly recurring?: boolean;
  /** Undefined: the default, 2 working days. n = 0: no due-soon warning. */
  readonly warnBefore?: Limit;
  /** Undefined: virtual visits are not looked at. false: a `virtual: true` event does not complete. */
  readonly allowVirtual?: boolean;
  readonly enabled?: boolean;
  /** What differs for tenants in Wales. */
  readonly wales?: Partial<Pick<RuleDefinition, 'limit' | 'enabled' | 'reference'>>;
}

/** What can change from a date: one version of a rule's settings. */
export interface RuleSettings {
  readonly enabled: boolean;
  /** Stepped: the k-th clock of a chain uses limits[min(k, length − 1)]. */
  readonly limits: readonly Limit[];
  readonly warnBefore?: Limit;
  readonly allowVirtual?: boolean;
}

/** A rule as one tenant has it: the matchers, plus its settings by date. */
export interface ResolvedRule {
  readonly id: string;
  readonly title: string;
  readonly reference?: string;
  readonly custom: boolean;
  readonly starts: readonly RuleMatcher[];
  readonly completes: readonly RuleMatcher[];
  readonly cancels: readonly RuleMatcher[];
  readonly startPolicy: StartPolicy;
  readonly key?: readonly string[];
  readonly recurring: boolean;
  readonly longStay?: LongStayLimit;
  /** Ascending by `from`; the first has from = null (always). A clock uses the last with from ≤ its start date. */
  readonly versions: readonly (RuleSettings & { readonly from: LocalDate | null })[];
}

/** A rule's settings for clocks starting on one date (effectiveRules). */
export type EffectiveRule = Omit<ResolvedRule, 'versions'> & RuleSettings;

/** What the engine needs of a tenant; TenantSettings from @casewatch/contracts fits. */
export interface TenantRuleConfig {
  readonly nation: Nation;
  readonly closureDays?: readonly LocalDate[];
  readonly rules?: TenantRules;
}

export interface EvaluateOptions {
  /** The clock: states are as at this instant; events practice-dated after it have not happened yet. */
  readonly now: number;
  /** Only events (and retractions, corrections) with recordedtime ≤ asAt count. */
  readonly asAt?: number;
}

/** One clock of one rule for one child. Instants are epoch ms. */
export interface Deadline {
  /** Stable across recomputations: from tenant, subject, rule and the anchor event's source + id. */
  readonly deadlineId: string;
  readonly rule: string;
  readonly subject: string;
  readonly state: DeadlineState;
  /** Practice time of the anchor: the event that started the clock. */
  readonly startedAt: number;
  readonly startDate: LocalDate;
  /** The anchor event's id. */
  readonly startedBy: string;
  readonly limit: Limit;
  readonly dueAt: number;
  /** The London due date; absent for `hours`. */
  readonly dueDate?: LocalDate;
  readonly warnAt: number;
  readonly metAt?: number;
  readonly metBy?: string;
  readonly cancelledAt?: number;
  readonly cancelledBy?: string;
  /** Who holds the case at `now` (latest worker.allocated/unallocated), else the anchor's. */
  readonly teamId?: string;
  readonly workerId?: string;
  readonly explain: string;
}
