/**
 * The structural check of a schema file against its JSON Schema (src/model/file-format.ts). The validator is
 * compiled once per process, on first use (docs/architecture.md: never per document), and its verdict is remembered per
 * value, so the loader (which needs it to type a document) and the SCHEMA_STRUCTURE rule (which reports it)
 * share one run.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { SCHEMA_FILE_JSON_SCHEMA } from '../model/file-format.js';
import { describeAjvErrors, type JsonSchemaProblem } from './json-schema-problems.js';

/** Properties of the platform's resource that the platform sets: a copy of a GET response carries them. */
const SERVER_OWNED: readonly string[] = ['id', 'version', 'dateCreated', 'dateModified', 'selfUri'];

let compiled: ValidateFunction | undefined;
const verdicts = new WeakMap<object, readonly JsonSchemaProblem[]>();

/** A fresh ajv for a published JSON Schema: every error, with the schema that failed (for did-you-mean). */
export function createJsonSchemaValidator(schema: object): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, logger: false });
  return ajv.compile(schema);
}

export function checkFileFormat(value: unknown): readonly JsonSchemaProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
    return [{ pointer: '', message: `a schema file must be a mapping (externalId, name, fields, ...), not ${what}` }];
  }
  const known = verdicts.get(value);
  if (known !== undefined) return known;
  compiled ??= createJsonSchemaValidator(SCHEMA_FILE_JSON_SCHEMA);
  const problems = compiled(value) ? [] : describeAjvErrors(compiled.errors).map(explainServerOwned);
  verdicts.set(value, problems);
  return problems;
}

/** An unknown `id` or `version` at the top is not a typo: say whose it is rather than list the allowed keys. */
function explainServerOwned(problem: JsonSchemaProblem): JsonSchemaProblem {
  const name = problem.pointer.slice(1);
  if (problem.key !== true || !SERVER_OWNED.includes(name) || problem.pointer !== `/${name}`) return problem;
  return {
    ...problem,
    message: `'${name}' is set by the platform, not written in a schema file`,
    hint: 'remove it: the platform assigns it, and cxschema reads it from the org when it plans',
  };
}
