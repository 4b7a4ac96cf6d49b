/**
 * The plan: a serialisable value between planning (pure) and applying (effectful), as Changesets keeps its
 * release plan. Saved with `plan --out plan.json`; `apply --plan plan.json` executes exactly this.
 * Everything here is plain JSON data: no Dates, Maps or class instances.
 */
import type { CompatibilityIgnore } from '../model/config.js';
import type { CompatibilityMode, SchemaField, SchemaStatus } from '../model/schema.js';
import type { PlannedWrite, StepKind } from '../family/family.js';

export type { PlannedWrite, StepKind };

export const PLAN_FORMAT_VERSION = 1;

/** The schema's contents as the plan writes them: the write body without version and status. */
export interface SchemaContent {
  externalId: string;
  name: string;
  /** The title people see, where the family holds one (docs/families.md "Titles"). */
  title?: string;
  description?: string;
  fields: SchemaField[];
}

/** One line of the Terraform-like diff: a field (or a top-level property) added, removed or changed. */
export interface ContentChange {
  /** Field path (`address.street`, `tags[]`), or `` for a top-level property such as name or description. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  /** The property that changed (`fieldtype`, `constraints.maxLength`, `name`...), absent for a whole field. */
  property?: string;
  before?: unknown;
  after?: unknown;
}

/** A compatibility finding, as the compat layer reports it, made plain data. */
export interface PlanViolation {
  rule: string;
  schema: string;
  field: string;
  before?: unknown;
  after?: unknown;
  message: string;
  mode: CompatibilityMode;
  againstVersion: number;
  /** How to proceed (fix the file, or accept the break in the config with a reason). */
  hint?: string;
  /** The config ignore's reason, for an ignored violation. */
  ignoredBecause?: string;
}

export interface PlanStep {
  externalId: string;
  kind: StepKind;
  /** Deploy wave (0-based): every step a step depends on runs in an earlier wave. */
  wave: number;
  /** The file the desired state came from; absent for a schema deprecated by --prune. */
  file?: string;
  /** False for a schema that is not in the files (only --prune plans those). */
  managed: boolean;
  /** The remote version this step was planned against; null when the schema does not exist. */
  from: { version: number; status: SchemaStatus } | null;
  /** The state after the step's writes. */
  to: { version: number; status: SchemaStatus };
  content: SchemaContent;
  writes: PlannedWrite[];
  changes: ContentChange[];
  /** Schemas of this plan that this one references: a failure there skips this step. */
  dependsOn: string[];
  /** The compatibility mode in force, and the config ignores that apply to this schema (for re-planning). */
  compatibility: { mode: CompatibilityMode; ignores: CompatibilityIgnore[] };
  /** Why this step will not run (compatibility violations, an impossible status change); absent when it will. */
  blocked?: string;
  /** Set when the step deploys an earlier version's contents again (`cxschema rollback`). */
  rollback?: RollbackInfo;
}

export interface RollbackInfo {
  /** The version whose contents the step writes as a new version. */
  restoredVersion: number;
  /** `--allow-breaking`: why breaking the mode is accepted; recorded in the audit entry and the change event. */
  allowBreakingReason?: string;
}

export interface UnmanagedSchema {
  externalId: string;
  version: number;
  status: SchemaStatus;
  /** `deprecate` when --prune planned a step for it; `keep` otherwise. */
  action: 'keep' | 'deprecate';
  /** Why a schema is kept even under --prune. */
  reason?: string;
}

export interface PlanSummary {
  create: number;
  update: number;
  publish: number;
  deprecate: number;
  undeprecate: number;
  unchanged: number;
  /** Steps that will not run (see each step's `blocked`). */
  blocked: number;
  unmanaged: number;
  /** Steps that write (every kind but noop, blocked or not): drift, for `plan --detailed-exitcode`. */
  changes: number;
  /** Requests the steps that will run need. */
  writes: number;
}

export interface PlanTargetInfo {
  kind: string;
  orgDomain: string;
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  createdAt: string;
  target: PlanTargetInfo;
  options: { prune: boolean };
  /** Every step in wave order (noop steps included, so that a plan lists every managed schema). */
  steps: PlanStep[];
  /** Number of waves (the steps' `wave` values are below it). */
  waves: number;
  unmanaged: UnmanagedSchema[];
  /**
   * The version of every schema the plan was made against: each remote schema, and null for each managed schema
   * the org did not hold. Apply refuses a saved plan when these no longer match.
   */
  remoteVersions: Record<string, number | null>;
  violations: PlanViolation[];
  /** Violations that a config ignore accepted, with its reason. */
  ignoredViolations: PlanViolation[];
  summary: PlanSummary;
}
