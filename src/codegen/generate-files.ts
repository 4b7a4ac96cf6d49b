/** The files `cxschema generate --lang` writes, as data: the CLI writes them. */
import type { SchemaDefinition } from '../model/schema.js';
import { recordJsonSchema } from './record-json-schema.js';
import { recordTypeScript, type GeneratedFile } from './record-typescript.js';

export const GENERATE_LANGUAGES = ['typescript', 'jsonschema'] as const;
export type GenerateLanguage = (typeof GENERATE_LANGUAGES)[number];

export function generateFiles(language: GenerateLanguage, schemas: readonly SchemaDefinition[]): GeneratedFile[] {
  if (language === 'typescript') return recordTypeScript(schemas);
  return [...schemas]
    .sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0))
    .map((schema) => ({
      path: `${schema.externalId}.record.schema.json`,
      text: JSON.stringify(recordJsonSchema(schema), null, 2) + '\n',
    }));
}
