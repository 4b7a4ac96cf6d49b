/**
 * The coretypes every DataSchema family is built from (docs/targets.md "The coretypes"): what a value is, which
 * validation fields a property of that coretype may carry, and the range each of those may be set to. The caps
 * are the help center's ("Text: 100 characters max", ...), read independently of the client.
 */

export type CoretypeName =
  'text' | 'longtext' | 'url' | 'identifier' | 'enum' | 'date' | 'datetime' | 'integer' | 'number' | 'checkbox' | 'tag';

export interface Range {
  min: number;
  max: number;
}

export interface CoretypeFacts {
  name: CoretypeName;
  title: string;
  description: string;
  /** JSON types of a value, as the Coretype's `schema.type`. */
  valueTypes: string[];
  /** The keys a property of this coretype may carry besides allOf, title and description. */
  validationFields: string[];
  /** For each numeric validation field: the range its value must lie in. */
  validationLimits: Partial<Record<'minLength' | 'maxLength' | 'minItems' | 'maxItems' | 'minimum' | 'maximum', Range>>;
  /** Validation fields of each item (tag), and their ranges. */
  itemValidationFields?: string[];
  itemValidationLimits?: { minLength: Range; maxLength: Range };
  /** Whether minimum/maximum must be whole numbers. */
  wholeNumbers?: boolean;
}

/** JSON's exact integers: the widest range integer and number properties may be limited to. */
const EXACT = Number.MAX_SAFE_INTEGER;

function lengths(cap: number): CoretypeFacts['validationLimits'] {
  return { minLength: { min: 0, max: cap }, maxLength: { min: 1, max: cap } };
}

/** In the order `GET .../coretypes` lists them. */
export const CORETYPES: readonly CoretypeFacts[] = [
  {
    name: 'text',
    title: 'Text',
    description: 'A single line of text',
    valueTypes: ['string'],
    validationFields: ['minLength', 'maxLength'],
    validationLimits: lengths(100),
  },
  {
    name: 'longtext',
    title: 'Long text',
    description: 'Several lines of text',
    valueTypes: ['string'],
    validationFields: ['minLength', 'maxLength'],
    validationLimits: lengths(1000),
  },
  {
    name: 'url',
    title: 'URL',
    description: 'A link to a web page',
    valueTypes: ['string'],
    validationFields: ['minLength', 'maxLength'],
    validationLimits: lengths(200),
  },
  {
    name: 'identifier',
    title: 'Identifier',
    description: 'A unique single line of text, searchable',
    valueTypes: ['string'],
    validationFields: ['minLength', 'maxLength'],
    validationLimits: lengths(100),
  },
  {
    name: 'enum',
    title: 'Enum',
    description: 'One value of a list; each value has a title in _enumProperties',
    valueTypes: ['string'],
    validationFields: ['enum', '_enumProperties'],
    // The number of values, and the length of each (the SDK's types have no dedicated place for them).
    validationLimits: { maxItems: { min: 1, max: 50 } },
    itemValidationLimits: { minLength: { min: 1, max: 100 }, maxLength: { min: 1, max: 100 } },
  },
  {
    name: 'date',
    title: 'Date',
    description: 'A date (ISO-8601, YYYY-MM-DD)',
    valueTypes: ['string'],
    validationFields: [],
    validationLimits: {},
  },
  {
    name: 'datetime',
    title: 'Date and time',
    description: 'A date and time (ISO-8601)',
    valueTypes: ['string'],
    validationFields: [],
    validationLimits: {},
  },
  {
    name: 'integer',
    title: 'Integer',
    description: 'A whole number',
    valueTypes: ['integer'],
    validationFields: ['minimum', 'maximum'],
    validationLimits: { minimum: { min: -EXACT, max: EXACT }, maximum: { min: -EXACT, max: EXACT } },
    wholeNumbers: true,
  },
  {
    name: 'number',
    title: 'Number',
    description: 'A number with a decimal part',
    valueTypes: ['number'],
    validationFields: ['minimum', 'maximum'],
    validationLimits: { minimum: { min: -EXACT, max: EXACT }, maximum: { min: -EXACT, max: EXACT } },
  },
  {
    name: 'checkbox',
    title: 'Checkbox',
    description: 'True or false',
    valueTypes: ['boolean'],
    validationFields: [],
    validationLimits: {},
  },
  {
    name: 'tag',
    title: 'Tag',
    description: 'Several short strings',
    valueTypes: ['array'],
    validationFields: ['minItems', 'maxItems', 'uniqueItems', 'items'],
    validationLimits: { minItems: { min: 0, max: 10 }, maxItems: { min: 1, max: 10 } },
    itemValidationFields: ['minLength', 'maxLength'],
    itemValidationLimits: { minLength: { min: 0, max: 100 }, maxLength: { min: 1, max: 100 } },
  },
];

const BY_NAME = new Map<string, CoretypeFacts>(CORETYPES.map((c) => [c.name, c]));

export function coretype(name: string): CoretypeFacts | undefined {
  return BY_NAME.get(name);
}

/** Coretype names longest first, so that `x_longtext` is read as longtext and not as a name ending in `_long`. */
const SUFFIXES = [...BY_NAME.keys()].sort((a, b) => b.length - a.length);

/** Splits a property key `<name>_<coretype>`; undefined when it does not end in a coretype. */
export function splitPropertyKey(key: string): { name: string; coretype: CoretypeName } | undefined {
  for (const suffix of SUFFIXES) {
    if (key.endsWith(`_${suffix}`) && key.length > suffix.length + 1)
      return { name: key.slice(0, -suffix.length - 1), coretype: suffix as CoretypeName };
  }
  return undefined;
}

/** The Coretype resource (the SDK's model), as `GET .../coretypes/{name}` serves it under a family's path. */
export function coretypeResource(facts: CoretypeFacts, basePath: string, dateCreated: string): Record<string, unknown> {
  return {
    id: facts.name,
    name: facts.name,
    version: 1,
    dateCreated,
    schema: {
      title: facts.title,
      description: facts.description,
      type: facts.valueTypes,
      ...(facts.name === 'tag' ? { items: { type: 'string' } } : {}),
    },
    current: true,
    validationFields: facts.validationFields,
    validationLimits: facts.validationLimits,
    ...(facts.itemValidationFields !== undefined ? { itemValidationFields: facts.itemValidationFields } : {}),
    ...(facts.itemValidationLimits !== undefined ? { itemValidationLimits: facts.itemValidationLimits } : {}),
    selfUri: `${basePath}/coretypes/${facts.name}`,
  };
}
