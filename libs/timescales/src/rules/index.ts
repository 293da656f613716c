// The deadline engine's public API (re-exported from the package root).
export { ANCHOR_LABELS, DEFAULT_RULES, anchorLabelOf } from './default-rules';
export { RULES_ENGINE_VERSION } from './engine-version';
export { effectiveRules, resolveRules, settingsAt } from './effective-rules';
export { type CompiledTenant, compileTenant } from './compiled-tenant';
export { evaluateChild } from './deadline-engine';
export { CHECKS_AFTER_WORKING_DAYS, type CheckState, type ChildChecks, checkState, healthChecksAt } from './health-checks';
export { deadlineIdOf, deadlineState, nextStateChangeAt } from './deadline-output';
export { eventTimeMs } from './event-time-fast';
export { type Item as PreparedEvent, prepareEvents } from './prepare-events';
export type {
  Deadline,
  EffectiveRule,
  EvaluateOptions,
  LongStayLimit,
  ResolvedRule,
  RuleDefinition,
  RuleMatcher,
  RuleSettings,
  StartPolicy,
  TenantRuleConfig,
} from './types';
