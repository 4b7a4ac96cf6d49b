/**
 * The structural check of a schema file against its JSON Schema (src/model/file-format.ts). The validator is
 * generated at build time (scripts/generate-validators.mjs), so no run compiles it, and its verdict is remembered per
 * value, so the loader (which needs it to type a document) and the SCHEMA_STRUCTURE rule (which reports it)
 * share one run.
 */
import { validateSchemaFile } from './generated/file-format-validators.js';
import { describeAjvErrors, type JsonSchemaProblem } from './json-schema-problems.js';

/** Properties of the platform's resource that the platform sets: a copy of a GET response carries them. */
const SERVER_OWNED: readonly string[] = ['id', 'version', 'dateCreated', 'dateModified', 'selfUri'];

const verdicts = new WeakMap<object, readonly JsonSchemaProblem[]>();

export function checkFileFormat(value: unknown): readonly JsonSchemaProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
    return [{ pointer: '', message: `a schema file must be a mapping (externalId, name, fields, ...), not ${what}` }];
  }
  const known = verdicts.get(value);
  if (known !== undefined) return known;
  const problems = validateSchemaFile(value)
    ? []
    : describeAjvErrors(validateSchemaFile.errors).map(explainServerOwned);
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
