/** Planning: from files and a snapshot of the org to a serialisable plan. */
export * from './plan-types.js';
export { planChanges, type PlanInput, type DesiredDocument } from './plan-changes.js';
export { planSchema, type SchemaPlanInput, type SchemaPlan } from './plan-schema.js';
export { preparePlan, schemasNeedingHistory, type PreparePlanOptions, type PreparedPlan } from './prepare-plan.js';
export { validateAgainstOrg, type OnlineValidationOptions, type OnlineValidation } from './validate-against-org.js';
export { readSnapshot, withHistories, type Snapshot, type SnapshotSource, type HistoryVersion } from './snapshot.js';
export { serializePlan, parsePlan, findStaleEntries, describeStaleEntries, type StaleEntry } from './saved-plan.js';
export { summarizePlan, planHasChanges } from './plan-summary.js';
export { sameContent } from './content-equality.js';
