/**
 * The JSON Schema validators of the schema file and the config file, generated at build time from the schemas
 * in src/model/ by scripts/generate-validators.mjs (ajv's standalone code, so no run compiles a JSON Schema).
 * The .js beside this declaration is a build output, not kept in git.
 */
import type { ValidateFunction } from 'ajv';

export declare const validateSchemaFile: ValidateFunction;
export declare const validateConfigFile: ValidateFunction;
