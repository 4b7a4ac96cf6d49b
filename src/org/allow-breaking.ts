/**
 * `rollback --allow-breaking "<reason>"`: the mode's violations accepted for one schema, as config ignores with the
 * reason would accept them. A change the family's platform refuses whatever the mode is never among them: no reason
 * makes it deployable (docs/rollback.md "Compatibility").
 */
import { COMPAT_RULES, type CompatRule } from '../compat/index.js';
import type { Family } from '../family/family.js';
import type { CompatibilityIgnore } from '../model/config.js';

/**
 * Whether the family's platform refuses the rule's change in every mode. The DataSchema families list theirs in
 * `neverAllowed` (which no ignore passes); a rule's own `platformRefuses` is the custom objects contract
 * (docs/api-contract.md "What the platform refuses"), which a config ignore passes and the write then fails on.
 */
export function refusedInAnyMode(rule: Pick<CompatRule, 'id' | 'platformRefuses'>, family: Family): boolean {
  if (family.neverAllowed.includes(rule.id)) return true;
  return family.api.kind === 'customobjects' && rule.platformRefuses === true;
}

/** An ignore for every rule whose change a reason may accept on this family, each carrying the reason. */
export function allowBreakingIgnores(externalId: string, reason: string, family: Family): CompatibilityIgnore[] {
  return COMPAT_RULES.filter((rule) => !refusedInAnyMode(rule, family)).map((rule) => ({
    rule: rule.id,
    schema: externalId,
    reason: `--allow-breaking: ${reason}`,
  }));
}
