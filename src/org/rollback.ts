/**
 * `rollback`: an earlier version's contents deployed again as a new version (current + 1), never a rewrite of
 * history. It is planned as any change is (planSchema: the step, its writes, its compatibility verdict under
 * the mode), so it is shown, confirmed, applied, audited and announced exactly as `apply` does it.
 *
 * The status stays the current one: a rollback restores contents, and a status is changed by a file's
 * `status:` through plan and apply. `allowBreaking` accepts the violations of the mode with a reason, as a
 * config ignore would, except those the family's platform refuses in any mode, which no reason makes deployable.
 * Nor does it let through a version that cannot be written back as it was (restored-contents.ts).
 */
import { modeNeedsHistory } from '../compat/index.js';
import type { Family } from '../family/family.js';
import { CUSTOM_OBJECTS_FAMILY } from '../family/index.js';
import { defaultConfig } from '../load/config-loader.js';
import type { CompatibilityIgnore, CxConfig } from '../model/config.js';
import { CxError } from '../model/errors.js';
import type { CompatibilityMode, RemoteSchema } from '../model/schema.js';
import { planSchema, type SchemaPlan } from '../plan/plan-schema.js';
import { summarizePlan } from '../plan/plan-summary.js';
import { readSnapshot, type SnapshotSource } from '../plan/snapshot.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlanStep } from '../plan/plan-types.js';
import { allowBreakingIgnores, reasonSetsAside } from './allow-breaking.js';
import { readVersions, unknownSchema, type VersionSource } from './history.js';
import { restoredContent, unrestorableReason } from './restored-contents.js';
import { findingsReason, restoredFindings, type RollbackOrg } from './restored-findings.js';

/** What a rollback reads: the org as a plan reads it (its schemas, limits, system objects), and the versions. */
export interface RollbackSource extends VersionSource, SnapshotSource {
  /**
   * The platform family: its lifecycle, equality and never-allowed changes plan the rollback (custom objects when
   * absent).
   */
  readonly family?: Family;
  version(externalId: string, version: number): Promise<RemoteSchema | undefined>;
}

export interface RollbackOptions {
  target: RollbackSource;
  orgDomain: string;
  externalId: string;
  /** The version whose contents to restore. */
  toVersion: number;
  /** The mode in force (the environment's, else the config's) and the config's ignores. */
  compatibility: CxConfig['compatibility'];
  /** Accept the mode's violations, for this reason. */
  allowBreaking?: string;
  /** ISO-8601 time to record in the plan. */
  createdAt: string;
  /**
   * The project's config: its rule severities, limits and system objects check the restored contents as a file's
   * are checked (restored-findings.ts). The defaults when absent.
   */
  config?: CxConfig;
}

export interface RollbackPlan {
  plan: Plan;
  /** The version the org holds now. */
  current: RemoteSchema;
  /** The version whose contents are restored. */
  restored: RemoteSchema;
  /**
   * Whether `--allow-breaking` would let the refused rollback through: only violations of the mode that a reason
   * may accept refuse it. False when it is not refused, when a reason was given, and when anything else refuses it
   * too (a change the platform refuses in any mode, contents that cannot be written back).
   */
  allowBreakingDeploys: boolean;
  /** The rule ids among the violations that no reason sets aside: the platform refuses them in any mode. */
  refusedInAnyMode: string[];
}

/**
 * Reads what the rollback needs (the current version, the one to restore, every version for a transitive mode) and
 * plans it.
 */
export async function planRollback(options: RollbackOptions): Promise<RollbackPlan> {
  const { target, externalId, toVersion } = options;
  if (!Number.isInteger(toVersion) || toVersion < 1) {
    throw new CxError('USAGE', `--to ${toVersion}: a version is a whole number from 1`);
  }
  if (options.allowBreaking !== undefined && options.allowBreaking.trim() === '') {
    throw new CxError(
      'USAGE',
      '--allow-breaking needs a reason: it is recorded in the audit log and the change event',
      { hint: '--allow-breaking "why breaking the mode is safe"' },
    );
  }
  const mode = options.compatibility.mode;
  // The org first, as a plan reads it: the restored contents are checked against it, and on a DataSchema family
  // its list is what finds the schema's versions.
  const org = await readSnapshot(target, options.orgDomain);
  let current: RemoteSchema;
  let restored: RemoteSchema | undefined;
  let history: RemoteSchema[] | undefined;
  if (modeNeedsHistory(mode)) {
    history = await readVersions(target, externalId);
    current = history[history.length - 1]!;
    restored = history.find((version) => version.version === toVersion);
  } else {
    const found = org.schemas.find((schema) => schema.externalId === externalId);
    if (found === undefined) throw unknownSchema(externalId, target.kind);
    current = found;
    restored = toVersion <= current.version ? await target.version(externalId, toVersion) : undefined;
  }
  if (restored === undefined) {
    throw new CxError(
      'INPUT',
      `schema "${externalId}" has no version ${toVersion}: its versions are 1 to ${current.version}`,
      {
        hint: `cxschema history ${externalId} lists them`,
      },
    );
  }
  const input: RollbackPlanInput = {
    ...options,
    targetKind: target.kind,
    ...(target.family === undefined ? {} : { family: target.family }),
    mode,
    current,
    restored,
    ...(history === undefined ? {} : { history }),
    org,
  };
  const { plan, blockedBy } = plannedRollback(input);
  // What a reason would change, told from this plan, not from a second one: a reason adds ignores and nothing else
  // (allow-breaking.ts), so the violations it leaves are those it cannot set aside, and the step would then run
  // only where nothing but violations blocks it now.
  const family = target.family ?? CUSTOM_OBJECTS_FAMILY;
  const refusedInAnyMode = [
    ...new Set(
      plan.violations.filter((violation) => !reasonSetsAside(violation, family, current.version)).map((v) => v.rule),
    ),
  ];
  return {
    plan,
    current,
    restored,
    allowBreakingDeploys:
      options.allowBreaking === undefined && blockedBy === 'violations' && refusedInAnyMode.length === 0,
    refusedInAnyMode,
  };
}

export interface RollbackPlanInput {
  orgDomain: string;
  mode: CompatibilityMode;
  compatibility: CxConfig['compatibility'];
  current: RemoteSchema;
  restored: RemoteSchema;
  history?: readonly RemoteSchema[];
  allowBreaking?: string;
  createdAt: string;
  targetKind?: string;
  family?: Family;
  /** The org as read for the rollback: the restored contents are checked against it (unchecked when absent). */
  org?: RollbackOrg;
  config?: CxConfig;
}

/** Pure: the one-step plan that writes `restored`'s contents over `current`. */
export function rollbackPlan(input: RollbackPlanInput): Plan {
  return plannedRollback(input).plan;
}

/** The rollback's plan, and what blocks its step (SchemaPlan's `blockedBy`). */
function plannedRollback(input: RollbackPlanInput): { plan: Plan; blockedBy: SchemaPlan['blockedBy'] } {
  const { current, restored } = input;
  const id = current.externalId;
  const family = input.family ?? CUSTOM_OBJECTS_FAMILY;
  const ignores: CompatibilityIgnore[] = input.compatibility.ignore.filter(
    (ignore) => ignore.schema === undefined || ignore.schema === id,
  );
  if (input.allowBreaking !== undefined) ignores.push(...allowBreakingIgnores(id, input.allowBreaking));
  const content = restoredContent(current, restored, family);
  const file = `${id} version ${restored.version}`;
  const findings =
    input.org === undefined
      ? []
      : restoredFindings({
          content,
          status: current.status,
          file,
          family,
          // The defaults' root is never read: the rules look at the contents, the limits and the org.
          config: input.config ?? { ...defaultConfig('.'), compatibility: input.compatibility },
          org: input.org,
        });
  // Contents that cannot be written back come first; then what the org would refuse, as validation comes before a
  // plan; the compatibility verdict after both.
  const unwritable = unrestorableReason(restored) ?? findingsReason(restored.version, findings);
  const planned = planSchema({
    content,
    status: current.status,
    file,
    managed: true,
    remote: current,
    ...(input.history === undefined
      ? {}
      : { history: input.history.map((v) => ({ version: v.version, fields: v.fields })) }),
    mode: input.mode,
    ignores,
    ...(input.family === undefined ? {} : { family: input.family }),
    ...(unwritable === undefined ? {} : { contentsUnwritable: unwritable }),
  });
  const rollback: PlanStep['rollback'] = { restoredVersion: restored.version };
  if (input.allowBreaking !== undefined) rollback.allowBreakingReason = input.allowBreaking;
  const step: PlanStep = { ...planned.step, wave: 0, dependsOn: [], rollback };
  const plan: Plan = {
    formatVersion: PLAN_FORMAT_VERSION,
    createdAt: input.createdAt,
    target: { kind: input.targetKind ?? 'customobjects', orgDomain: input.orgDomain },
    options: { prune: false },
    steps: [step],
    waves: 1,
    unmanaged: [],
    remoteVersions: { [id]: current.version },
    violations: planned.violations,
    ignoredViolations: planned.ignoredViolations,
    summary: summarizePlan([step], 0),
  };
  return { plan, blockedBy: planned.blockedBy };
}
