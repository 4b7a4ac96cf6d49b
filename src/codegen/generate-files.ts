/** The files `cxschema generate --lang` writes, as data: the CLI writes them. */
import type { FieldDefaults } from '../family/index.js';
import type { SchemaDefinition } from '../model/schema.js';
import { recordJsonSchema } from './record-json-schema.js';
import { familyDefaults, recordTypeScript, type GeneratedFile } from './record-typescript.js';

export const GENERATE_LANGUAGES = ['typescript', 'jsonschema'] as const;
export type GenerateLanguage = (typeof GENERATE_LANGUAGES)[number];

/**
 * `defaultsOf`: the bounds of the family each schema is deployed to (the CLI passes the config's target where the
 * file names none); by default the file's own `target`'s, or custom objects'.
 */
export function generateFiles(
  language: GenerateLanguage,
  schemas: readonly SchemaDefinition[],
  defaultsOf: (schema: SchemaDefinition) => FieldDefaults = familyDefaults,
): GeneratedFile[] {
  if (language === 'typescript') return recordTypeScript(schemas, defaultsOf);
  return [...schemas]
    .sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0))
    .map((schema) => ({
      path: `${schema.externalId}.record.schema.json`,
      text: JSON.stringify(recordJsonSchema(schema, defaultsOf(schema)), null, 2) + '\n',
    }));
}
