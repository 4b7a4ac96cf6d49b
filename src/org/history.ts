/**
 * `history`: every version of one schema, oldest first, each with what changed since the one before: the plan's
 * field-level diff (on a DataSchema family in coretype form, as plan shows it), and the compatibility catalog's
 * changes (the same rule ids, docs/compatibility.md) with whether each breaks the schema's mode. One paged read of
 * the versions endpoint.
 */
import { detectCompatChanges, ruleBreaksMode, type CompatRuleId } from '../compat/index.js';
import { CUSTOM_OBJECTS_FAMILY } from '../family/index.js';
import type { Family } from '../family/family.js';
import { ApiError } from '../genesys/api-error.js';
import { CxError } from '../model/errors.js';
import type { CompatibilityMode, RemoteSchema, SchemaStatus } from '../model/schema.js';
import type { ContentChange } from '../plan/plan-types.js';
import { familyChanges } from '../plan/plan-schema.js';
import { contentOfRemote } from '../plan/schema-content.js';

export interface VersionSource {
  readonly kind: string;
  /** The platform family, whose never-allowed changes break in every mode (custom objects when absent). */
  readonly family?: Family;
  /** Every version, oldest first. */
  versions(externalId: string): Promise<RemoteSchema[]>;
}

export interface HistoryCompatChange {
  rule: CompatRuleId;
  field: string;
  before?: unknown;
  after?: unknown;
  message: string;
  /** Whether the change breaks the mode of the history (a version the platform took all the same). */
  breaks: boolean;
  /**
   * Set when the family's platform refuses the change in every mode (a field removed from contacts): it breaks
   * whatever the mode, and no config ignore or `--allow-breaking` makes it deployable (docs/families.md).
   */
  neverAllowed?: true;
  /**
   * `diff` only: the reason of the config's `compatibility.ignore` entry that accepts this break, as plan accepts
   * it (the step is not blocked). Never set on a never-allowed change, which no ignore accepts.
   */
  acceptedBecause?: string;
}

export interface HistoryVersionEntry {
  version: number;
  status: SchemaStatus;
  /** When this version was written. */
  date: string;
  /** The status of the version before, when it differs. */
  statusBefore?: SchemaStatus;
  /** The field-level diff to the version before (empty for the first). */
  changes: ContentChange[];
  /** The catalogued compatibility changes to the version before. */
  compatibility: HistoryCompatChange[];
}

export interface SchemaHistory {
  externalId: string;
  /** The mode the changes were judged under. */
  mode: CompatibilityMode;
  /** The current version. */
  current: number;
  versions: HistoryVersionEntry[];
}

export async function readHistory(options: {
  target: VersionSource;
  externalId: string;
  mode: CompatibilityMode;
}): Promise<SchemaHistory> {
  const versions = await readVersions(options.target, options.externalId);
  return historyOf(options.externalId, versions, options.mode, options.target.family);
}

/** Every version of a schema, oldest first; an unknown externalId is an error that says so. */
export async function readVersions(target: VersionSource, externalId: string): Promise<RemoteSchema[]> {
  let versions: RemoteSchema[];
  try {
    versions = await target.versions(externalId);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) throw unknownSchema(externalId, target.kind);
    throw error;
  }
  if (versions.length === 0) throw unknownSchema(externalId, target.kind);
  return [...versions].sort((a, b) => a.version - b.version);
}

export function unknownSchema(externalId: string, kind: string): CxError {
  return new CxError('INPUT', `no schema "${externalId}" in the org (${kind})`, {
    hint: 'cxschema pull --format json lists the schemas the org holds',
  });
}

/** Pure: the history of versions already read (oldest first), judged as plan judges a change on `family`. */
export function historyOf(
  externalId: string,
  versions: readonly RemoteSchema[],
  mode: CompatibilityMode,
  family: Family = CUSTOM_OBJECTS_FAMILY,
): SchemaHistory {
  const entries: HistoryVersionEntry[] = versions.map((version, index) => {
    const previous = index === 0 ? undefined : versions[index - 1]!;
    const entry: HistoryVersionEntry = {
      version: version.version,
      status: version.status,
      date: version.dateModified,
      changes: [],
      compatibility: [],
    };
    if (previous === undefined) return entry;
    if (previous.status !== version.status) entry.statusBefore = previous.status;
    entry.changes = familyChanges(contentOfRemote(previous), contentOfRemote(version), family);
    entry.compatibility = compatChangesBetween(previous, version, mode, family);
    return entry;
  });
  return { externalId, mode, current: versions[versions.length - 1]?.version ?? 0, versions: entries };
}

/**
 * Every catalogued change from one version to another, each with whether it breaks `mode`, judged as plan
 * judges it (src/plan/plan-schema.ts): on the family's canonical fields, and with the family's never-allowed
 * changes breaking in every mode.
 */
export function compatChangesBetween(
  before: RemoteSchema,
  after: RemoteSchema,
  mode: CompatibilityMode,
  family: Family = CUSTOM_OBJECTS_FAMILY,
): HistoryCompatChange[] {
  const changes = detectCompatChanges(
    after.externalId,
    family.canonicalFields(before.fields),
    family.canonicalFields(after.fields),
  );
  return changes.map((change) => {
    const never = family.neverAllowed[change.rule] !== undefined;
    const plain: HistoryCompatChange = {
      rule: change.rule,
      field: change.field,
      message: change.message,
      breaks: never || ruleBreaksMode(change.rule, mode),
    };
    if (never) plain.neverAllowed = true;
    if (change.before !== undefined) plain.before = change.before;
    if (change.after !== undefined) plain.after = change.after;
    return plain;
  });
}
