/**
 * A DataSchema family's `GET <base>/limits` answer, the SDK's SchemaQuantityLimits (docs/targets.md "Limits"), as
 * the client reads it: the documented defaults that offline validation assumes, and the org's own answer online,
 * each value checked before it is used (a value that is absent or makes no sense is replaced by its default, and
 * the replacement is said once).
 */

export interface SchemaQuantityLimits {
  minFieldNameCharacters: number;
  maxFieldNameCharacters: number;
  minFieldTitleCharacters: number;
  maxFieldTitleCharacters: number;
  minFieldDescriptionCharacters: number;
  maxFieldDescriptionCharacters: number;
  minSchemaNameCharacters: number;
  maxSchemaNameCharacters: number;
  minSchemaDescriptionCharacters: number;
  maxSchemaDescriptionCharacters: number;
  maxNumberOfSchemasPerOrg: number;
  maxNumberOfFieldsPerSchema: number;
  maxNumberOfFieldsPerOrg: number;
}

export type QuantityLimitKey = keyof SchemaQuantityLimits;

export type DataSchemaFamilyName = 'contacts' | 'organizations' | 'workitems';

/** The text bounds of every family (docs/targets.md "Limits", each a **Choice**: the platform publishes none). */
const TEXT_DEFAULTS = {
  minFieldNameCharacters: 1,
  maxFieldNameCharacters: 100,
  minFieldTitleCharacters: 1,
  maxFieldTitleCharacters: 100,
  minFieldDescriptionCharacters: 0,
  maxFieldDescriptionCharacters: 500,
  minSchemaNameCharacters: 1,
  maxSchemaNameCharacters: 100,
  minSchemaDescriptionCharacters: 0,
  maxSchemaDescriptionCharacters: 500,
} as const;

/** The defaults per family (docs/targets.md "Limits": the help center's counts, the rest **Choice**). */
export const DEFAULT_QUANTITY_LIMITS: Readonly<Record<DataSchemaFamilyName, Readonly<SchemaQuantityLimits>>> = {
  contacts: {
    ...TEXT_DEFAULTS,
    maxNumberOfSchemasPerOrg: 20,
    maxNumberOfFieldsPerSchema: 25,
    maxNumberOfFieldsPerOrg: 500,
  },
  organizations: {
    ...TEXT_DEFAULTS,
    maxNumberOfSchemasPerOrg: 20,
    maxNumberOfFieldsPerSchema: 25,
    maxNumberOfFieldsPerOrg: 500,
  },
  workitems: {
    ...TEXT_DEFAULTS,
    maxNumberOfSchemasPerOrg: 100,
    maxNumberOfFieldsPerSchema: 50,
    maxNumberOfFieldsPerOrg: 5000,
  },
};

/** Each text's bounds, as the pair of keys that hold them. */
export const LENGTH_PAIRS = [
  ['minSchemaNameCharacters', 'maxSchemaNameCharacters'],
  ['minSchemaDescriptionCharacters', 'maxSchemaDescriptionCharacters'],
  ['minFieldNameCharacters', 'maxFieldNameCharacters'],
  ['minFieldTitleCharacters', 'maxFieldTitleCharacters'],
  ['minFieldDescriptionCharacters', 'maxFieldDescriptionCharacters'],
] as const satisfies ReadonlyArray<readonly [QuantityLimitKey, QuantityLimitKey]>;

export const QUANTITY_LIMIT_KEYS = Object.keys(DEFAULT_QUANTITY_LIMITS.contacts) as QuantityLimitKey[];

/** The org's answer, as online validation checks it. */
export interface OrgQuantityLimits {
  /** Where it was read (`GET <base>/limits`): every finding made from it names it. */
  source: string;
  values: SchemaQuantityLimits;
  /** What the answer lacked or held that makes no sense, each replaced by its default; empty when all was used. */
  defaulted: string[];
  /**
   * The schemas of the family that counts with this one toward `maxNumberOfSchemasPerOrg` (contacts and
   * organizations), as listed: their label, the listing read, and how many it holds.
   */
  countedWith?: { label: string; source: string; count: number };
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/**
 * The org's answer with every key checked: a whole number of at least 0, and a minimum no greater than its maximum.
 * Anything else (absent, a string, negative, fractional, a minimum over its maximum) takes the family's default,
 * and is listed in `defaulted`; nothing the org answers makes this throw.
 */
export function readQuantityLimits(body: unknown, family: DataSchemaFamilyName, source: string): OrgQuantityLimits {
  const defaults = DEFAULT_QUANTITY_LIMITS[family];
  const raw = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<
    string,
    unknown
  >;
  const values = { ...defaults };
  const defaulted: string[] = [];
  for (const key of QUANTITY_LIMIT_KEYS) {
    const value = Object.hasOwn(raw, key) ? raw[key] : undefined;
    if (isCount(value)) values[key] = value;
    else defaulted.push(`${key} (${value === undefined ? 'absent' : describe(value)})`);
  }
  for (const [low, high] of LENGTH_PAIRS) {
    if (values[low] <= values[high]) continue;
    defaulted.push(`${low} ${values[low]} over ${high} ${values[high]}`);
    values[low] = defaults[low];
    values[high] = defaults[high];
  }
  return { source, values, defaulted };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `the text ${JSON.stringify(value.slice(0, 20))}`;
  return Array.isArray(value) ? 'a list' : typeof value;
}
