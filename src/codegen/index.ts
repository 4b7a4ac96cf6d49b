/** Code generated from schemas: TypeScript record types and a JSON Schema per schema for its records. */
export { recordJsonSchema, asDateTime, JSON_SCHEMA_DIALECT, type JsonSchema } from './record-json-schema.js';
export { recordTypeScript, SHARED_MODULE, type GeneratedFile } from './record-typescript.js';
export { assignTypeNames, pascalCase, type TypeNames } from './type-names.js';
export { generateFiles, GENERATE_LANGUAGES, type GenerateLanguage } from './generate-files.js';
export { generationProblems, type GenerationProblem } from './generation-problems.js';
