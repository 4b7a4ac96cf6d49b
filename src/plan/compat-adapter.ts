/**
 * The plan's view of the compatibility layer (src/compat/): its verdicts made plain plan data, and its field
 * diff turned into the lines of the Terraform-like plan.
 */
import { checkCompatibility, diffFields, modeNeedsHistory } from '../compat/index.js';
import type { NeverAllowed } from '../family/family.js';
import type { CompatibilityIgnore } from '../model/config.js';
import type { CompatibilityMode, SchemaField } from '../model/schema.js';
import type { ContentChange, PlanViolation, SchemaContent } from './plan-types.js';
import type { HistoryVersion } from './snapshot.js';

export function historyNeeded(mode: CompatibilityMode): boolean {
  return modeNeedsHistory(mode);
}

export interface CompatibilityInput {
  schema: string;
  mode: CompatibilityMode;
  /** Oldest first, the current version last. */
  history: readonly HistoryVersion[];
  next: readonly SchemaField[];
  ignores: readonly CompatibilityIgnore[];
  /** The changes the family's platform refuses whatever the mode, with its code and advice. */
  neverAllowed?: NeverAllowed;
  /** The family can disable an enum value (docs/families.md "Disabled values"). */
  disablesEnumValues?: boolean;
}

export function checkSchemaCompatibility(input: CompatibilityInput): {
  violations: PlanViolation[];
  ignoredViolations: PlanViolation[];
} {
  const verdict = checkCompatibility({
    schema: input.schema,
    mode: input.mode,
    history: input.history.map((entry) => ({ version: entry.version, fields: [...entry.fields] })),
    next: [...input.next],
    ignores: [...input.ignores],
    ...(input.neverAllowed === undefined ? {} : { neverAllowed: input.neverAllowed }),
    ...(input.disablesEnumValues === true ? { disablesEnumValues: true } : {}),
  });
  return {
    violations: verdict.violations.map((v) => toPlanViolation(v)),
    ignoredViolations: verdict.ignored.map((entry) => toPlanViolation(entry, entry.reason)),
  };
}

type ViolationLike = Omit<PlanViolation, 'ignoredBecause'>;

function toPlanViolation(violation: ViolationLike, ignoredBecause?: string): PlanViolation {
  const plain: PlanViolation = {
    rule: violation.rule,
    schema: violation.schema,
    field: violation.field,
    message: violation.message,
    mode: violation.mode,
    againstVersion: violation.againstVersion,
  };
  if (violation.before !== undefined) plain.before = violation.before;
  if (violation.after !== undefined) plain.after = violation.after;
  if (violation.hint !== undefined && ignoredBecause === undefined) plain.hint = violation.hint;
  if (ignoredBecause !== undefined) plain.ignoredBecause = ignoredBecause;
  return plain;
}

/** The diff lines from `before` to `after`: name, title and description first, then the fields. */
export function contentChanges(before: SchemaContent, after: SchemaContent): ContentChange[] {
  const changes: ContentChange[] = [];
  if (before.name !== after.name)
    changes.push({ path: '', kind: 'changed', property: 'name', before: before.name, after: after.name });
  // A title stands for the name when absent (docs/families.md "Titles"). Where neither side sets one (custom
  // objects never do), the title follows the name, and a rename is the name's change alone.
  const titleBefore = before.title ?? before.name;
  const titleAfter = after.title ?? after.name;
  if ((before.title !== undefined || after.title !== undefined) && titleBefore !== titleAfter)
    changes.push({ path: '', kind: 'changed', property: 'title', before: titleBefore, after: titleAfter });
  if ((before.description ?? '') !== (after.description ?? '')) {
    changes.push({
      path: '',
      kind: 'changed',
      property: 'description',
      before: before.description ?? '',
      after: after.description ?? '',
    });
  }
  for (const entry of diffFields(before.fields, after.fields)) {
    const change: ContentChange = { path: entry.path, kind: entry.kind };
    if (entry.property !== undefined) change.property = entry.property;
    if (entry.before !== undefined) change.before = entry.before;
    if (entry.after !== undefined) change.after = entry.after;
    changes.push(change);
  }
  return changes;
}
