/**
 * Planning one schema: compare the desired state with the org's, choose the step and its writes, and check a
 * change of contents against the versions the compatibility mode names. Pure; used by planChanges for every
 * file, and by apply to plan a schema again after a version conflict.
 */
import type { CompatibilityIgnore } from '../model/config.js';
import { sharedIdentityText, type CompatibilityMode, type RemoteSchema, type SchemaStatus } from '../model/schema.js';
import { CxError } from '../model/errors.js';
import { checkSchemaCompatibility, contentChanges, historyNeeded } from './compat-adapter.js';
import { sameContent } from './content-equality.js';
import type { ContentChange, PlanStep, PlanViolation, SchemaContent } from './plan-types.js';
import { contentOfRemote } from './schema-content.js';
import { unheldContents } from './unheld-contents.js';
import type { HistoryVersion } from './snapshot.js';
import { CUSTOM_OBJECTS_FAMILY } from '../family/index.js';
import type { Family } from '../family/family.js';

export interface SchemaPlanInput {
  content: SchemaContent;
  status: SchemaStatus;
  /** The file the desired state came from; absent for an unmanaged schema. */
  file?: string;
  managed: boolean;
  remote: RemoteSchema | undefined;
  /** Every remote version, oldest first: required when the mode is transitive and the contents change. */
  history?: readonly HistoryVersion[];
  mode: CompatibilityMode;
  ignores: readonly CompatibilityIgnore[];
  /** The platform family the schema lives in: custom objects when absent. */
  family?: Family;
  /**
   * Why `content` cannot be written whatever the org holds, which the caller knows and the contents do not say: a
   * rollback's restored version holds what cxschema cannot read, or fails validation against the org
   * (src/org/rollback.ts). Blocks a step that writes, as the org's own unread properties do.
   */
  contentsUnwritable?: string;
}

export interface SchemaPlan {
  /** The step, without its place in the plan (wave, dependencies), which only the whole plan knows. */
  step: Omit<PlanStep, 'wave' | 'dependsOn'>;
  violations: PlanViolation[];
  ignoredViolations: PlanViolation[];
  /**
   * What blocks the step, when something does: the first that holds, in this order. A step blocked by
   * `violations` is blocked by nothing else, and would run were they all accepted (a rollback's reason does
   * that: src/org/rollback.ts).
   */
  blockedBy?: 'transition' | 'unheld' | 'unwritable' | 'violations';
}

export function planSchema(input: SchemaPlanInput): SchemaPlan {
  const { content, status, remote } = input;
  const family = input.family ?? CUSTOM_OBJECTS_FAMILY;
  const from = remote === undefined ? null : { version: remote.version, status: remote.status };
  // Compared as read (sameContent copies nothing): the copy a plan keeps is made only when the contents differ.
  const contentChanged = remote !== undefined && !sameContent(remote, content, family);
  const remoteContent = contentChanged ? contentOfRemote(remote) : undefined;
  const transition = family.lifecycle.planTransition(from, status, contentChanged);

  let violations: PlanViolation[] = [];
  let ignoredViolations: PlanViolation[] = [];
  if (contentChanged && remote !== undefined) {
    const history = compatibilityHistory(input, remote).map((entry) => ({
      version: entry.version,
      fields: family.canonicalFields(entry.fields),
    }));
    ({ violations, ignoredViolations } = checkSchemaCompatibility({
      schema: content.externalId,
      mode: input.mode,
      history,
      next: family.canonicalFields(content.fields),
      ignores: input.ignores,
      neverAllowed: family.neverAllowed,
      disablesEnumValues: family.holdsDisabledValues,
    }));
  }

  const writes = transition.ok ? transition.writes : [];
  const step: SchemaPlan['step'] = {
    externalId: content.externalId,
    kind: transition.kind,
    managed: input.managed,
    from,
    to: {
      version: from === null ? writes.length : from.version + writes.length,
      status: transition.ok ? status : (from?.status ?? status),
    },
    content,
    writes,
    changes: remoteContent !== undefined && contentChanged ? familyChanges(remoteContent, content, family) : [],
    compatibility: { mode: input.mode, ignores: [...input.ignores] },
  };
  if (input.file !== undefined) step.file = input.file;
  const unheld = unheldContents(content, family);
  const unwritable =
    writes.length === 0
      ? undefined
      : ((remote === undefined ? undefined : unwritableReason(remote)) ?? input.contentsUnwritable);
  let blockedBy: SchemaPlan['blockedBy'];
  if (!transition.ok) [blockedBy, step.blocked] = ['transition', transition.reason];
  else if (unheld !== undefined) [blockedBy, step.blocked] = ['unheld', unheld];
  else if (unwritable !== undefined) [blockedBy, step.blocked] = ['unwritable', unwritable];
  else if (violations.length > 0) {
    const rules = [...new Set(violations.map((v) => v.rule))].join(', ');
    blockedBy = 'violations';
    step.blocked = `${violations.length} compatibility violation${violations.length === 1 ? '' : 's'} under ${input.mode} (${rules})`;
  }
  return { step, violations, ignoredViolations, ...(blockedBy === undefined ? {} : { blockedBy }) };
}

/**
 * Why no version may be written over this schema of the org, whatever its contents: its externalId names other
 * schemas too (which one is meant cannot be told), or it holds what cxschema cannot read, which a version written
 * from a file would remove (docs/families.md "Identity", "What cxschema cannot read is never written over").
 * Plans block such a step, and --prune keeps such a schema.
 */
export function unwritableReason(remote: RemoteSchema): string | undefined {
  if (remote.sharedWith !== undefined) return `${sharedIdentityText(remote)}: which one is meant cannot be told`;
  const unread = remote.unread ?? [];
  if (unread.length === 0) return undefined;
  return `the org's v${remote.version} holds what cxschema cannot read, which a new version written from the file would remove: ${unread.join(', ')}`;
}

/**
 * The plan's diff lines from one contents to another: both in the family's own types, so that a DataSchema field
 * reads as the coretype compatibility judges it by. `history` shows a version's changes with it too.
 */
export function familyChanges(before: SchemaContent, after: SchemaContent, family: Family): ContentChange[] {
  return contentChanges(canonical(before, family), canonical(after, family));
}

/** The contents with their fields in the family's own types, for the diff. */
function canonical(content: SchemaContent, family: Family): SchemaContent {
  return { ...content, fields: family.canonicalFields(content.fields) };
}

/** The versions a change is checked against: the current one, or every one for a transitive mode. */
function compatibilityHistory(input: SchemaPlanInput, remote: RemoteSchema): HistoryVersion[] {
  if (!historyNeeded(input.mode)) return [{ version: remote.version, fields: remote.fields }];
  if (input.history === undefined) {
    throw new CxError(
      'INTERNAL',
      `the version history of ${remote.externalId} is needed for ${input.mode} but was not read`,
    );
  }
  const history = [...input.history];
  // A history read before the current version was written still ends with the current version.
  if (history.length === 0 || history[history.length - 1]!.version < remote.version) {
    history.push({ version: remote.version, fields: remote.fields });
  }
  return history;
}
