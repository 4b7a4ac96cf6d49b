/**
 * What the file says that the family has no place for: a fieldtype or constraint it cannot hold, display titles
 * where it holds none, a disabled enum value where it cannot mark one (docs/families.md "Types", "Titles",
 * "Disabled values"). FAMILY_TYPE_UNSUPPORTED, FAMILY_CONSTRAINT_UNSUPPORTED, FAMILY_TITLE_UNSUPPORTED and
 * FAMILY_DISABLED_VALUES_UNSUPPORTED report these at their file:line:column; a config may lower them to warnings,
 * but a plan still never deploys them: a type or constraint has no form on the wire, a title is refused, and a
 * disabled value would be deployed enabled.
 */
import type { Family } from '../family/family.js';
import { isObjectItems, type SchemaField } from '../model/schema.js';
import type { SchemaContent } from './plan-types.js';

/** Why the step cannot deploy the contents to this family; undefined when the family holds all of them. */
export function unheldContents(content: SchemaContent, family: Family): string | undefined {
  const problems: string[] = [];
  if (!family.holdsTitles && content.title !== undefined) problems.push(`${family.label} have no title (title)`);
  collect(content.fields, '', family, problems);
  return problems.length === 0 ? undefined : problems.join('; ');
}

function collect(fields: readonly SchemaField[], prefix: string, family: Family, problems: string[]): void {
  for (const field of fields) {
    const path = prefix + field.name;
    // The DataSchema families have no nesting: the family judges top-level fields, nested ones with their parent.
    if (prefix === '')
      for (const problem of family.cannotHold(field)) problems.push(`field ${path}: ${problem.message}`);
    if (!family.holdsTitles) {
      for (const key of ['title', 'enumTitles'] as const) {
        if (field[key] !== undefined) problems.push(`field ${path}: ${family.label} have no ${key}`);
      }
    }
    // An empty list disables nothing: it says what the family already does.
    if (!family.holdsDisabledValues && Array.isArray(field.disabledValues) && field.disabledValues.length > 0) {
      problems.push(`field ${path}: ${family.label} cannot disable an enum value (disabledValues)`);
    }
    const items = field.constraints?.items;
    if (isObjectItems(items)) collect(items.fields, `${path}.`, family, problems);
  }
}
