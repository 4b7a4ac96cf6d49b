/** Applying: a plan's steps against a target, wave by wave. */
export { applyPlan, DEFAULT_APPLY_CONCURRENCY, type ApplyOptions, type ApplyResult } from './apply-plan.js';
export type { ApplyEvents, StepOutcome, StepResult, WriteEvent, ConflictRetryEvent } from './apply-events.js';
export { summarizeApply, applySucceeded, type ApplySummary } from './apply-summary.js';
export { runStep, replanStep, type ApplyTarget, type TrackWrite } from './run-step.js';
export { checkPlanIsCurrent } from './plan-freshness.js';
export { combineEvents } from './combine-events.js';
