/**
 * What keeps a schema that passed validation from giving code: a field its family cannot hold, which a config can
 * let through by lowering its rule (FAMILY_TYPE_UNSUPPORTED, FAMILY_CONSTRAINT_UNSUPPORTED) but which no record
 * holds under any key. Generation is refused for it rather than guessing a key (docs/codegen.md "What is refused").
 */
import { CxError } from '../model/errors.js';
import { familyNamed, type Family } from '../family/index.js';
import type { SchemaDefinition, SchemaField } from '../model/schema.js';

export interface GenerationProblem {
  /** The field's name. */
  field: string;
  /** Where the field is in its file, as a JSON Pointer (`/fields/2`). */
  pointer: string;
  message: string;
}

/** Each field of the schema no record could hold, with why; empty when code can be generated. */
export function generationProblems(schema: SchemaDefinition, family: Family): GenerationProblem[] {
  const problems: GenerationProblem[] = [];
  schema.fields.forEach((field, index) => {
    if (family.recordKey(field) !== undefined) return;
    const why = family
      .cannotHold(field)
      .map((problem) => problem.message)
      .join('; ');
    problems.push({
      field: field.name,
      pointer: `/fields/${index}`,
      message: `${family.label} cannot hold field "${field.name}"${why === '' ? '' : ` (${why})`}, so no record has a key for it`,
    });
  });
  return problems;
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
      hint: 'change the field as the warning of validate says: the platform would refuse the schema too',
    });
}
