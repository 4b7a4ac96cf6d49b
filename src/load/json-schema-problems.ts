/**
 * ajv's findings, reworded for people: each becomes a problem at a JSON Pointer (the key's own position for an
 * unknown key), with a did-you-mean hint when a known name is close. Shared by the schema-file check and the
 * config check, so both speak the same way. A value or key quoted in a message has a URL's user part dropped
 * first: `portal.url: ftp://user:password@host` must not print the password (docs/config.md).
 */
import type { ErrorObject } from 'ajv';
import { nonAsciiNote, quoted } from '../model/characters.js';
import { ISO_DATE_TIME_PATTERN } from '../model/file-format.js';
import { redactUrlCredentials } from '../model/redaction.js';
import { IDENTIFIER_PATTERN } from '../model/schema.js';
import { closestName } from './closest-name.js';
import { joinPointer, parsePointer } from './json-pointer.js';

export interface JsonSchemaProblem {
  /** JSON Pointer of the node the problem is about. */
  pointer: string;
  /** True when the position to show is the property's key rather than its value. */
  key?: boolean;
  message: string;
  hint?: string;
}

/** Patterns of the published schemas, said in words. */
const PATTERN_WORDS: Record<string, string> = {
  [IDENTIFIER_PATTERN.source]:
    'is not a valid identifier: use lower case letters, digits and _, start with a letter, at most 64 characters',
  [ISO_DATE_TIME_PATTERN]: 'is not an ISO-8601 date or date-time (e.g. 2024-01-31 or 2024-01-31T12:00:00Z)',
  '^https?://': 'must be an http:// or https:// URL',
};

/** The pattern of the config's `*Env` keys, which name the variable that holds a secret. */
const VARIABLE_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

/** Keywords whose failures only echo a nested failure already reported. */
const ECHO_KEYWORDS = new Set(['if', 'allOf', 'anyOf', 'oneOf', '$ref']);

export function describeAjvErrors(errors: readonly ErrorObject[] | null | undefined): JsonSchemaProblem[] {
  if (!errors) return [];
  const problems: JsonSchemaProblem[] = [];
  const seen = new Set<string>();
  const { dropped, alternatives } = alternativesChosen(errors);
  const misspelt = misspeltRequiredProperties(errors.filter((error) => !dropped.has(error)));
  const narrowest = narrowestTypeErrors(errors.filter((error) => !dropped.has(error)));
  for (const error of errors) {
    if (dropped.has(error)) continue;
    if (error.keyword === 'type' && narrowest.get(error.instancePath) !== error) continue;
    const wrongKind = alternatives.get(error);
    if (wrongKind !== undefined) {
      problems.push(wrongKind);
      continue;
    }
    if (ECHO_KEYWORDS.has(error.keyword)) continue;
    // `fieldType: email` is one mistake: the unknown key says it, with the fix; "fieldtype is missing" would echo it.
    if (
      error.keyword === 'required' &&
      misspelt.has(`${error.instancePath}/${String((error.params as Record<string, unknown>)['missingProperty'])}`)
    )
      continue;
    const problem = describeAjvError(error);
    const identity = `${problem.pointer}\u0000${problem.message}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    problems.push(problem);
  }
  return problems;
}

/** The keywords by which a branch of a oneOf or anyOf refuses a value whole, for its kind or its identity. */
const KIND_KEYWORDS = new Set(['type', 'const', 'enum']);

/**
 * What to say of each oneOf and anyOf that failed (`portal: false` or a portal's mapping). ajv reports every
 * branch's errors, so a mapping with one unknown key would be told first that it is not `false`, at the mapping
 * rather than at the key. A branch that refuses the value's kind (a `type`, `const` or `enum` failed at the value
 * itself) is not what was meant when another branch takes that kind: its errors are dropped, and those of the
 * branches left say what is wrong inside the value, at their own keys. When every branch refuses the kind, one
 * problem says which kinds the value may be (`environments.prod.portal must be false or a mapping, not an integer`).
 */
function alternativesChosen(errors: readonly ErrorObject[]): {
  dropped: Set<ErrorObject>;
  alternatives: Map<ErrorObject, JsonSchemaProblem>;
} {
  const dropped = new Set<ErrorObject>();
  const alternatives = new Map<ErrorObject, JsonSchemaProblem>();
  for (const alternative of errors) {
    if (alternative.keyword !== 'oneOf' && alternative.keyword !== 'anyOf') continue;
    const branches = Array.isArray(alternative.schema) ? (alternative.schema as unknown[]) : [];
    const prefix = `${alternative.schemaPath}/`;
    const byBranch = new Map<number, ErrorObject[]>();
    for (const error of errors) {
      if (error === alternative || !error.schemaPath.startsWith(prefix)) continue;
      const branch = Number(error.schemaPath.slice(prefix.length).split('/')[0]);
      if (!Number.isInteger(branch)) continue;
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), error]);
    }
    const refusesKind = (branch: number): boolean =>
      (byBranch.get(branch) ?? []).some(
        (error) =>
          error.instancePath === alternative.instancePath &&
          KIND_KEYWORDS.has(error.keyword) &&
          error.schemaPath === `${prefix}${branch}/${error.keyword}`,
      );
    const refusing = branches.map((_branch, index) => index).filter(refusesKind);
    // Errors of a branch that a $ref reached are not under its path: without them, no choice is made.
    if (branches.length === 0 || refusing.length === 0) continue;
    if (refusing.length < branches.length) {
      for (const branch of refusing) for (const error of byBranch.get(branch) ?? []) dropped.add(error);
      continue;
    }
    for (const branchErrors of byBranch.values()) for (const error of branchErrors) dropped.add(error);
    alternatives.set(alternative, wrongKindProblem(alternative, branches));
  }
  return { dropped, alternatives };
}

/** A value that no branch takes the kind of: the kinds they take, and what the mapping ones hold. */
function wrongKindProblem(alternative: ErrorObject, branches: readonly unknown[]): JsonSchemaProblem {
  const kinds: string[] = [];
  const keys: string[] = [];
  for (const branch of branches) {
    const schema = (typeof branch === 'object' && branch !== null ? branch : {}) as Record<string, unknown>;
    if ('const' in schema) kinds.push(quote(schema['const']));
    else if (Array.isArray(schema['enum'])) kinds.push(`one of ${schema['enum'].map(String).join(', ')}`);
    else if (typeof schema['type'] === 'string') kinds.push(article(schema['type']));
    else if (Array.isArray(schema['type'])) kinds.push(...schema['type'].map((type) => article(String(type))));
    if (schema['type'] === 'object' && typeof schema['properties'] === 'object' && schema['properties'] !== null)
      keys.push(...Object.keys(schema['properties']));
  }
  const data: unknown = alternative.data;
  const given = typeof data === 'boolean' || data === null ? String(data) : article(jsonType(data));
  return withHint(
    {
      pointer: alternative.instancePath,
      message: `${describePointer(alternative.instancePath)} must be ${kinds.join(' or ')}, not ${given}`,
    },
    keys.length > 0 ? `a mapping here holds ${keys.join(', ')}` : undefined,
  );
}

/**
 * The `type` failure to tell for each value that fails several: a number field's `max: true` fails both the
 * number field's `max` (a number) and `max` of any field (a number or a string). The value must satisfy both, so
 * the one that allows fewer kinds says what it must be; the other would be a second diagnostic for one mistake.
 */
function narrowestTypeErrors(errors: readonly ErrorObject[]): Map<string, ErrorObject> {
  const kinds = (error: ErrorObject): number =>
    String((error.params as Record<string, unknown>)['type']).split(',').length;
  const narrowest = new Map<string, ErrorObject>();
  for (const error of errors) {
    if (error.keyword !== 'type') continue;
    const known = narrowest.get(error.instancePath);
    if (known === undefined || kinds(error) < kinds(known)) narrowest.set(error.instancePath, error);
  }
  return narrowest;
}

/** `instancePath/property` of each required property that an unknown key at the same place is a typo of. */
function misspeltRequiredProperties(errors: readonly ErrorObject[]): Set<string> {
  const misspelt = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== 'additionalProperties') continue;
    const known = Object.keys(
      ((error.parentSchema as Record<string, unknown> | undefined)?.['properties'] as object | undefined) ?? {},
    );
    const suggestion = closestName(String((error.params as Record<string, unknown>)['additionalProperty']), known);
    if (suggestion !== undefined) misspelt.add(`${error.instancePath}/${suggestion}`);
  }
  return misspelt;
}

function describeAjvError(error: ErrorObject): JsonSchemaProblem {
  const pointer = error.instancePath;
  const target = describePointer(pointer);
  const params = error.params as Record<string, unknown>;
  const parentSchema = (error.parentSchema ?? {}) as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params['additionalProperty']);
      const known = Object.keys((parentSchema['properties'] as Record<string, unknown> | undefined) ?? {});
      const suggestion = closestName(name, known);
      return withHint(
        {
          pointer: joinPointer(pointer, name),
          key: true,
          message: `unknown property ${quoted(redactUrlCredentials(name))} in ${target}`,
        },
        // YAML 1.1's merge key is a plain key in YAML 1.2, which files are read as: the list of keys would not say so.
        name === '<<'
          ? 'merge keys (<<) are YAML 1.1, and files are read as YAML 1.2: write the keys out, or alias the whole mapping'
          : suggestion !== undefined
            ? `did you mean '${suggestion}'?`
            : known.length > 0
              ? `allowed here: ${known.join(', ')}`
              : undefined,
      );
    }
    case 'required':
      return { pointer, message: `${target} is missing the required property '${String(params['missingProperty'])}'` };
    case 'type': {
      const types = String(params['type']).split(',');
      const expected = types.map(article).join(' or ');
      // "must be an integer, not a number" would contradict itself: a fraction is shown as written.
      const given =
        types.includes('integer') && jsonType(error.data) === 'number'
          ? String(error.data)
          : article(jsonType(error.data));
      return { pointer, message: `${target} must be ${expected}, not ${given}` };
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[] | undefined) ?? [];
      const suggestion = typeof error.data === 'string' ? closestName(error.data, allowed.map(String)) : undefined;
      return withHint(
        { pointer, message: `${target} must be one of ${allowed.map(String).join(', ')}, not ${quote(error.data)}` },
        suggestion !== undefined ? `did you mean '${suggestion}'?` : undefined,
      );
    }
    case 'pattern':
      // A variable's name where the variable's value went (clientSecretEnv: <the secret>) is the likely mistake:
      // such a value is not quoted back (docs/config.md).
      if (String(params['pattern']) === VARIABLE_NAME_PATTERN)
        return {
          pointer,
          message: `${target} is not an environment variable name (the value is not shown: it may be the secret itself)`,
        };
      return withHint(
        {
          pointer,
          message: `${target} ${quote(error.data)} ${PATTERN_WORDS[String(params['pattern'])] ?? `does not match ${String(params['pattern'])}`}`,
        },
        // A name that looks right may hold a look-alike or an invisible character: say which.
        String(params['pattern']) === IDENTIFIER_PATTERN.source && typeof error.data === 'string'
          ? nonAsciiNote(error.data)
          : undefined,
      );
    case 'minLength':
      return { pointer, message: `${target} must have at least ${String(params['limit'])} character(s)` };
    case 'maxLength':
      return { pointer, message: `${target} must have at most ${String(params['limit'])} characters` };
    case 'minimum':
      return { pointer, message: `${target} must be at least ${String(params['limit'])}` };
    case 'maximum':
      return { pointer, message: `${target} must be at most ${String(params['limit'])}` };
    case 'minItems':
      return { pointer, message: `${target} must have at least ${String(params['limit'])} item(s)` };
    case 'not':
      return { pointer, message: `${target} cannot be ${quote(error.data)} here` };
    case 'propertyNames':
      return {
        pointer: joinPointer(pointer, String(params['propertyName'])),
        key: true,
        message: `${target} has an invalid key ${quoted(redactUrlCredentials(String(params['propertyName'])))}`,
      };
    default:
      return { pointer, message: `${target} ${error.message ?? 'is invalid'}` };
  }
}

function withHint(problem: JsonSchemaProblem, hint: string | undefined): JsonSchemaProblem {
  return hint === undefined ? problem : { ...problem, hint };
}

/** `/fields/2/constraints/maxLength` -> `fields[2].constraints.maxLength`; the root is "the file". */
export function describePointer(pointer: string): string {
  const segments = parsePointer(pointer);
  if (segments.length === 0) return 'the file';
  let text = '';
  for (const segment of segments) {
    if (/^(0|[1-9][0-9]*)$/.test(segment)) text += `[${segment}]`;
    else text += text === '' ? redactUrlCredentials(segment) : `.${redactUrlCredentials(segment)}`;
  }
  return text;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  // YAML's .inf and .nan load as numbers that JSON has no form for: "not a number" would contradict itself.
  if (typeof value === 'number' && !Number.isFinite(value))
    return Number.isNaN(value) ? 'nan' : value < 0 ? '-infinity' : 'infinity';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function article(type: string): string {
  switch (type) {
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'integer':
      return 'an integer';
    case 'null':
      return 'null';
    case 'nan':
      return 'NaN (.nan), which JSON cannot hold';
    case 'infinity':
      return 'an infinity (.inf), which JSON cannot hold';
    case '-infinity':
      return 'a negative infinity (-.inf), which JSON cannot hold';
    default:
      return `a ${type}`;
  }
}

/** Dropped before the text is cut short: a user part cut before its `@` would no longer be known for one. */
function quote(value: unknown): string {
  const text =
    typeof value === 'string'
      ? `'${redactUrlCredentials(value)}'`
      : (JSON.stringify(value, (_key, member: unknown) =>
          typeof member === 'string' ? redactUrlCredentials(member) : member,
        ) ?? String(value));
  return text.length > 80 ? text.slice(0, 77) + '...' : text;
}
