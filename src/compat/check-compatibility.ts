/**
 * The compatibility verdict for one schema's next version: the changes that break its mode, and those a config
 * ignore accepts (each with its reason, so the plan can show what was let through and why).
 */
import type { NeverAllowed, NeverAllowedChange } from '../family/family.js';
import type { CompatibilityIgnore } from '../model/config.js';
import type { CompatibilityMode, SchemaField } from '../model/schema.js';
import type { CompatChange, CompatViolation } from './compat-change.js';
import { detectCompatChanges } from './detect-changes.js';
import { modeNeedsHistory, ruleBreaksMode } from './modes.js';
import { compatRule } from './rules/index.js';

export interface CompatibilityInput {
  schema: string;
  mode: CompatibilityMode;
  /** Earlier versions, oldest first: the last is the current one, which the platform compares a write with. */
  history: ReadonlyArray<{ version: number; fields: readonly SchemaField[] }>;
  next: readonly SchemaField[];
  ignores?: readonly CompatibilityIgnore[];
  /**
   * The changes the target platform never allows, by rule id (a family where a field, once added, can never be
   * removed): against the current version they break in every mode, NONE included, and their hint names the code
   * the platform answers (where known) and what to do instead.
   */
  neverAllowed?: NeverAllowed;
  /** The family can disable an enum value: a hint names it where a rule says it avoids the break. */
  disablesEnumValues?: boolean;
}

export interface CompatibilityVerdict {
  violations: CompatViolation[];
  ignored: Array<CompatViolation & { reason: string }>;
}

export function checkCompatibility(input: CompatibilityInput): CompatibilityVerdict {
  const verdict: CompatibilityVerdict = { violations: [], ignored: [] };
  const neverAllowed = input.neverAllowed ?? {};
  if ((input.mode === 'NONE' && Object.keys(neverAllowed).length === 0) || input.history.length === 0) return verdict;
  const against = modeNeedsHistory(input.mode) ? input.history : input.history.slice(-1);
  // Newest first, so that a break found against several versions is reported once, against the latest.
  const seen = new Set<string>();
  for (let i = against.length - 1; i >= 0; i--) {
    const earlier = against[i]!;
    // The platform compares a write with its current version alone (docs/api-contract.md "References, status,
    // compatibility, delete"), so it refuses only what changes that version; a break against an older one, which a
    // transitive mode finds, is the mode's to judge (a required field made optional in v2 and removed in v3, as the
    // hint for REQUIRED_FIELD_REMOVED advises, is taken by the platform), and a config ignore may accept it.
    const current = i === against.length - 1;
    for (const change of detectCompatChanges(input.schema, earlier.fields, input.next)) {
      const refused = current ? neverAllowed[change.rule] : undefined;
      if (refused === undefined && !ruleBreaksMode(change.rule, input.mode)) continue;
      const key = JSON.stringify([change.rule, change.field, change.before ?? null, change.after ?? null]);
      if (seen.has(key)) continue;
      seen.add(key);
      const violation: CompatViolation = {
        ...change,
        mode: input.mode,
        againstVersion: earlier.version,
        hint: hintFor(change, input, refused),
      };
      // A change the platform never allows cannot be accepted by the config: the write would be refused.
      const ignore =
        refused !== undefined ? undefined : input.ignores?.find((candidate) => ignoreMatches(candidate, change));
      if (ignore === undefined) verdict.violations.push(violation);
      else verdict.ignored.push({ ...violation, reason: ignore.reason });
    }
  }
  const order = (a: CompatViolation, b: CompatViolation): number =>
    a.field < b.field
      ? -1
      : a.field > b.field
        ? 1
        : a.rule < b.rule
          ? -1
          : a.rule > b.rule
            ? 1
            : b.againstVersion - a.againstVersion;
  verdict.violations.sort(order);
  verdict.ignored.sort(order);
  return verdict;
}

/**
 * An ignore matches its rule, its schema when it names one, and its field when it names one: the field itself
 * or anything inside it (`address` covers `address.street`, `tags` covers `tags[]`).
 */
export function ignoreMatches(ignore: CompatibilityIgnore, change: CompatChange): boolean {
  if (ignore.rule !== change.rule) return false;
  if (ignore.schema !== undefined && ignore.schema !== change.schema) return false;
  if (ignore.field === undefined || ignore.field === change.field) return true;
  return change.field.startsWith(ignore.field) && ['.', '['].includes(change.field.charAt(ignore.field.length));
}

/** What to do about a violation: where the family never allows the change, its own advice, which no config lifts. */
function hintFor(change: CompatChange, input: CompatibilityInput, refused: NeverAllowedChange | undefined): string {
  if (refused !== undefined) {
    const code = refused.code === undefined ? '' : ` (400 ${refused.code})`;
    return `the platform refuses this change in any mode${code}: ${refused.instead}`;
  }
  const rule = compatRule(change.rule);
  const instead = input.disablesEnumValues === true ? rule.insteadWhereValuesDisable : undefined;
  return (
    `${instead === undefined ? '' : `${instead}; or `}keep the old definition, or accept the break with a compatibility.ignore entry in the config ` +
    `(rule: ${change.rule}, schema: ${change.schema}, field: ${change.field}, reason: why it is safe), ` +
    `or choose a mode other than ${input.mode} with \`compatibility:\` in the schema file`
  );
}
