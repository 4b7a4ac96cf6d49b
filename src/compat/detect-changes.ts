/** Runs every compatibility rule over every field pair of two versions of a schema. */
import type { SchemaField } from '../model/schema.js';
import type { CompatChange } from './compat-change.js';
import { pairFields } from './field-pairs.js';
import { COMPAT_RULES } from './rules/index.js';

/**
 * Every catalogued change from `before` to `after`, whatever it breaks: in field order (removed and changed
 * fields in the old version's order, then added ones), rules in registry order within a field.
 */
export function detectCompatChanges(
  schema: string,
  before: readonly SchemaField[],
  after: readonly SchemaField[],
): CompatChange[] {
  const changes: CompatChange[] = [];
  for (const pair of pairFields(before, after)) {
    for (const rule of COMPAT_RULES) {
      const finding = rule.detect(pair);
      if (finding === undefined) continue;
      const change: CompatChange = {
        rule: rule.id,
        schema,
        field: pair.path,
        // The reason alone: `field` names the field, and every view shows the two side by side.
        message: finding.message,
      };
      if (finding.before !== undefined) change.before = finding.before;
      if (finding.after !== undefined) change.after = finding.after;
      if (pair.insideItems) change.insideItems = true;
      changes.push(change);
    }
  }
  return changes;
}
