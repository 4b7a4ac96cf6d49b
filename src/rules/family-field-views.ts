/**
 * The top-level fields of a schema as its family sees them, with what the family cannot hold: shared by
 * FAMILY_TYPE_UNSUPPORTED and FAMILY_CONSTRAINT_UNSUPPORTED. Only top-level fields: the DataSchema families have
 * no nesting, so a nested field is reported with its parent.
 */
import type { HoldProblem } from '../family/family.js';
import type { SchemaField } from '../model/schema.js';
import { walkFields, type FieldNode } from './field-walk.js';
import type { RuleContext } from './rule.js';
import type { SchemaView } from './schema-view.js';

export interface HeldField {
  schema: SchemaView;
  node: FieldNode;
  problems: HoldProblem[];
}

/** Two rules read the same findings: computed once per validation (the schemas array is one per run). */
const cache = new WeakMap<readonly SchemaView[], HeldField[]>();

export function fieldsNotHeld(context: RuleContext): HeldField[] {
  const cached = cache.get(context.schemas);
  if (cached !== undefined) return cached;
  const found: HeldField[] = [];
  cache.set(context.schemas, found);
  for (const schema of context.schemas) {
    const family = context.familyOf(schema.document);
    walkFields(schema, (node) => {
      // An unknown or missing fieldtype is FIELD_TYPE_UNKNOWN's or SCHEMA_STRUCTURE's.
      if (node.depth > 0 || node.listItem || node.fieldtype === undefined || node.name === undefined) return;
      const description = node.value['description'];
      const field = {
        name: node.name,
        fieldtype: node.fieldtype,
        constraints: node.constraints ?? {},
        ...(typeof description === 'string' ? { description } : {}),
      } as SchemaField;
      const problems = family.cannotHold(field);
      if (problems.length > 0) found.push({ schema, node, problems });
    });
  }
  return found;
}
