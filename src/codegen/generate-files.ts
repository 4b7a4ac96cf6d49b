/** The files `cxschema generate --lang` writes, as data: the CLI writes them. */
import type { SchemaDefinition } from '../model/schema.js';
import { GENERATED_JSON_COMMENT } from './generated-marks.js';
import { assertGeneratable, familyOfSchema, type FamilyOf } from './generation-problems.js';
import { recordJsonSchema, type JsonSchema } from './record-json-schema.js';
import { recordTypeScript, type GeneratedFile } from './record-typescript.js';

export const GENERATE_LANGUAGES = ['typescript', 'jsonschema'] as const;
export type GenerateLanguage = (typeof GENERATE_LANGUAGES)[number];

/**
 * `familyOf`: the family each schema is deployed to (the CLI passes the config's target where the file names none),
 * which gives its records' keys and bounds; by default the file's own `target`, or custom objects. Throws (INPUT)
 * for a schema with a field its family cannot hold (generation-problems.ts).
 */
export function generateFiles(
  language: GenerateLanguage,
  schemas: readonly SchemaDefinition[],
  familyOf: FamilyOf = familyOfSchema,
): GeneratedFile[] {
  assertGeneratable(schemas, familyOf);
  if (language === 'typescript') return recordTypeScript(schemas, familyOf);
  return [...schemas]
    .sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0))
    .map((schema) => ({
      path: `${schema.externalId}.record.schema.json`,
      text: JSON.stringify(marked(recordJsonSchema(schema, familyOf(schema))), null, 2) + '\n',
    }));
}

/** A JSON Schema file says it is generated, after its dialect: a rerun without the manifest may write over it. */
function marked(schema: JsonSchema): JsonSchema {
  return { $schema: schema['$schema'], $comment: GENERATED_JSON_COMMENT, ...schema };
}
