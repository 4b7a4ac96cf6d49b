/**
 * What keeps a schema that passed validation from giving code, each only where a config lowered the rule that
 * finds it from error (docs/codegen.md "Lowered rules"): a field its family cannot hold (FAMILY_TYPE_UNSUPPORTED,
 * FAMILY_CONSTRAINT_UNSUPPORTED), which no record holds under any key; and two fields a record would hold under one
 * key (FIELD_NAME_DUPLICATE), which would give a type that does not compile and a JSON Schema that drops one. Rather
 * than guess a key or pick one of the two, generation is refused, naming each.
 */
import { CxError } from '../model/errors.js';
import { familyNamed, type Family } from '../family/index.js';
import { isListItems, isObjectItems, type SchemaDefinition, type SchemaField } from '../model/schema.js';

export interface GenerationProblem {
  /** The field's path: its name, a nested one's after its parents' (`address.street`). */
  field: string;
  /** Where the field is in its file, as a JSON Pointer (`/fields/2`). */
  pointer: string;
  message: string;
}

/** Each field of the schema no record could hold, or could hold beside another, with why; empty when none. */
export function generationProblems(schema: SchemaDefinition, family: Family): GenerationProblem[] {
  const problems: GenerationProblem[] = [];
  const keys = new Map<string, string>();
  schema.fields.forEach((field, index) => {
    const pointer = `/fields/${index}`;
    const key = family.recordKey(field);
    if (key === undefined) {
      const why = family
        .cannotHold(field)
        .map((problem) => problem.message)
        .join('; ');
      problems.push({
        field: field.name,
        pointer,
        message: `${family.label} cannot hold field "${field.name}"${why === '' ? '' : ` (${why})`}, so no record has a key for it`,
      });
      return;
    }
    const earlier = keys.get(key);
    if (earlier !== undefined) problems.push(twice(field.name, earlier, key, pointer));
    else keys.set(key, field.name);
    problems.push(...nestedProblems(field, field.name, pointer));
  });
  return problems;
}

/** Duplicate names in the objects a field holds, at any depth: a nested object's record keys are the names. */
function nestedProblems(field: SchemaField, path: string, pointer: string): GenerationProblem[] {
  const items = field.constraints?.items;
  if (isListItems(items) && items.fieldtype === 'object')
    return nestedProblems(
      {
        name: field.name,
        fieldtype: 'object',
        ...(items.constraints === undefined ? {} : { constraints: items.constraints }),
      },
      path,
      `${pointer}/constraints/items`,
    );
  if (field.fieldtype !== 'object' || !isObjectItems(items)) return [];
  const problems: GenerationProblem[] = [];
  const names = new Set<string>();
  items.fields.forEach((child, index) => {
    const childPath = `${path}.${child.name}`;
    const childPointer = `${pointer}/constraints/items/fields/${index}`;
    if (names.has(child.name)) problems.push(twice(childPath, childPath, child.name, childPointer));
    names.add(child.name);
    problems.push(...nestedProblems(child, childPath, childPointer));
  });
  return problems;
}

function twice(field: string, earlier: string, key: string, pointer: string): GenerationProblem {
  const other = earlier === field ? 'an earlier field of that name' : `field "${earlier}"`;
  return {
    field,
    pointer,
    message: `field "${field}" would be held under the key "${key}" as ${other} is, so a record could not hold both`,
  };
}

/** The family each schema is deployed to. */
export type FamilyOf = (schema: SchemaDefinition) => Family;

/** The family a schema's file names, or custom objects. */
export function familyOfSchema(schema: SchemaDefinition): Family {
  return familyNamed(schema.target ?? 'customobjects');
}

/** A top-level field's key in its family's records; `assertGeneratable` refuses a field without one first. */
export function recordKeyOf(field: SchemaField, family: Family): string {
  const key = family.recordKey(field);
  if (key === undefined) throw new TypeError(`${family.label} cannot hold field ${field.name}`);
  return key;
}

/** Throws, naming each schema and field, when any schema has a problem; the CLI names the files first. */
export function assertGeneratable(schemas: readonly SchemaDefinition[], familyOf: FamilyOf): void {
  const lines = schemas.flatMap((schema) =>
    generationProblems(schema, familyOf(schema)).map((problem) => `schema ${schema.externalId}: ${problem.message}`),
  );
  if (lines.length > 0)
    throw new CxError('INPUT', `cannot generate code: ${lines.join('; ')}`, {
      hint: 'validate warns of each, its rule lowered from error: change the fields as it says',
    });
}
