/**
 * `rollback --allow-breaking "<reason>"`: the mode's violations accepted for one schema, as config ignores with the
 * reason would accept them. A change the family never allows is never among them: no reason makes it deployable
 * (docs/rollback.md "Compatibility"; the family's `neverAllowed` table, docs/families.md "Changes a family never
 * allows"), so no ignore is made for it.
 */
import { COMPAT_RULES } from '../compat/index.js';
import type { Family } from '../family/family.js';
import type { CompatibilityIgnore } from '../model/config.js';

/** An ignore for every rule whose change a reason may accept on this family, each carrying the reason. */
export function allowBreakingIgnores(externalId: string, reason: string, family: Family): CompatibilityIgnore[] {
  return COMPAT_RULES.filter((rule) => family.neverAllowed[rule.id] === undefined).map((rule) => ({
    rule: rule.id,
    schema: externalId,
    reason: `--allow-breaking: ${reason}`,
  }));
}

/**
 * Whether a reason sets aside a violation of this rule on this family, as allowBreakingIgnores' ignores do: any
 * rule's but one of a change the family never allows.
 */
export function reasonSetsAside(rule: string, family: Family): boolean {
  return COMPAT_RULES.some((known) => known.id === rule && family.neverAllowed[known.id] === undefined);
}
