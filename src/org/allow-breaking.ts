/**
 * `rollback --allow-breaking "<reason>"`: the mode's violations accepted for one schema, as config ignores with the
 * reason would accept them. A change the family never allows, against the current version, is never among them: no
 * reason makes it deployable (docs/rollback.md "Compatibility"; the family's `neverAllowed` table, docs/families.md
 * "Changes a family never allows"), and the compatibility check lets no ignore accept it. The same rule found only
 * against an older version, as a transitive mode finds it, is the mode's alone: the platform compares a write with
 * its current version, so there a reason does set it aside.
 */
import { COMPAT_RULES } from '../compat/index.js';
import type { Family } from '../family/family.js';
import type { CompatibilityIgnore } from '../model/config.js';

/**
 * An ignore for every rule, each carrying the reason. One for a rule the family never allows accepts only its
 * breaks against older versions: checkCompatibility never lets an ignore accept a change the platform refuses.
 */
export function allowBreakingIgnores(externalId: string, reason: string): CompatibilityIgnore[] {
  return COMPAT_RULES.map((rule) => ({
    rule: rule.id,
    schema: externalId,
    reason: `--allow-breaking: ${reason}`,
  }));
}

/**
 * Whether a reason sets aside a violation on this family, as allowBreakingIgnores' ignores do: any but one of a
 * change the family never allows, found against the current version.
 */
export function reasonSetsAside(
  violation: { rule: string; againstVersion: number },
  family: Family,
  currentVersion: number,
): boolean {
  const rule = COMPAT_RULES.find((known) => known.id === violation.rule);
  if (rule === undefined) return false;
  return family.neverAllowed[rule.id] === undefined || violation.againstVersion !== currentVersion;
}
