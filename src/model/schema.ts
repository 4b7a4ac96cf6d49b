/**
 * The custom object schema, as the platform serves it (docs/api-contract.md "The schema resource") and as users write
 * it in files (the same properties, minus the server-owned ones, plus `compatibility`).
 */

/** The twelve field types of docs/api-contract.md. */
export const FIELD_TYPES = [
  'string',
  'email',
  'phone',
  'url',
  'longText',
  'number',
  'boolean',
  'dateTime',
  'reference',
  'file',
  'list',
  'object',
] as const;
/**
 * The coretypes of the platform's DataSchema families (docs/families.md) that have no custom objects type of the
 * same name (`url` and `number` are shared). A file deployed to such a family may name them directly; on custom
 * objects they are unknown.
 */
export const NATIVE_CORE_TYPES = [
  'text',
  'longtext',
  'identifier',
  'enum',
  'date',
  'datetime',
  'integer',
  'checkbox',
  'tag',
] as const;

export type NativeCoreType = (typeof NATIVE_CORE_TYPES)[number];

export function isNativeCoreType(fieldtype: string): fieldtype is NativeCoreType {
  return (NATIVE_CORE_TYPES as readonly string[]).includes(fieldtype);
}

/** Every fieldtype any family knows. */
export const ALL_FIELD_TYPES = [...FIELD_TYPES, ...NATIVE_CORE_TYPES] as const;
export type FieldType = (typeof ALL_FIELD_TYPES)[number];

/** The platform families a schema can be deployed to (src/family/, docs/families.md). */
export const FAMILY_NAMES = ['customobjects', 'contacts', 'organizations', 'workitems'] as const;
export type FamilyName = (typeof FAMILY_NAMES)[number];

export const SCHEMA_STATUSES = ['DRAFT', 'PUBLISHED', 'DEPRECATED'] as const;
export type SchemaStatus = (typeof SCHEMA_STATUSES)[number];

export const COMPATIBILITY_MODES = [
  'NONE',
  'BACKWARD',
  'FORWARD',
  'FULL',
  'BACKWARD_TRANSITIVE',
  'FORWARD_TRANSITIVE',
  'FULL_TRANSITIVE',
] as const;
export type CompatibilityMode = (typeof COMPATIBILITY_MODES)[number];

/** `^[a-z][a-z0-9_]{0,63}$` (docs/api-contract.md): externalIds and field names. */
export const IDENTIFIER_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

export interface ListItems {
  fieldtype: Exclude<FieldType, 'list'>;
  constraints?: FieldConstraints;
}

export interface ObjectItems {
  fields: SchemaField[];
}

export interface FieldConstraints {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enum?: Array<string | number>;
  /** number: a number; dateTime: an ISO-8601 string. */
  min?: number | string;
  max?: number | string;
  referencedType?: string;
  /** list: ListItems; object: ObjectItems. */
  items?: ListItems | ObjectItems;
  minItems?: number;
  maxItems?: number;
}

export interface SchemaField {
  name: string;
  fieldtype: FieldType;
  /**
   * The title people see, on a family that holds one (docs/families.md "Titles"); the field's name when absent.
   */
  title?: string;
  description?: string;
  required?: boolean;
  constraints?: FieldConstraints;
  /** The titles people see for enum values, by value, on a family that holds them; a value is its own when absent. */
  enumTitles?: Record<string, string>;
  /**
   * Enum values offered no more for new records, on a family that holds them (docs/families.md "Disabled values");
   * each stays in the enum. None when absent.
   */
  disabledValues?: string[];
}

/** What a user writes in a schema file. */
export interface SchemaDefinition {
  externalId: string;
  name: string;
  /** The title people see, on a family that holds one (docs/families.md "Titles"); the name when absent. */
  title?: string;
  description?: string;
  /** The desired lifecycle state; PUBLISHED when absent. */
  status?: SchemaStatus;
  /** Compatibility mode for this schema, overriding the config's default. */
  compatibility?: CompatibilityMode;
  /** The family this schema is deployed to, overriding the config's `target`. */
  target?: FamilyName;
  fields: SchemaField[];
}

/** The resource as the platform serves it (docs/api-contract.md). */
export interface RemoteSchema {
  id: string;
  externalId: string;
  name: string;
  title?: string;
  description?: string;
  version: number;
  status: SchemaStatus;
  fields: SchemaField[];
  dateCreated: string;
  dateModified: string;
  selfUri: string;
  /**
   * What the org's schema holds that cxschema cannot read into fields (a DataSchema property of a coretype it does
   * not know, a tag whose items may repeat), each named with what it is. A new version written from a file would
   * not carry it, so a plan refuses to write one (docs/families.md "What cxschema cannot read").
   */
  unread?: string[];
  /**
   * Those entries of `unread` whose property is read into a field all the same, though not as the org holds it (a
   * tag whose items may repeat is read as a tag, whose items cxschema writes distinct): a pulled file holds the
   * field, and says it differs, where it says the others are left out (docs/pull.md).
   */
  readDifferently?: string[];
  /**
   * On the DataSchema families, the names of the org's other schemas whose names have this one's identifier form,
   * its externalId: which of them a file means cannot be told, so none is written (docs/families.md "Identity").
   */
  sharedWith?: string[];
}

/** The body of POST and PUT: the resource without the server-owned properties. */
export type SchemaWriteBody = Omit<
  RemoteSchema,
  'id' | 'dateCreated' | 'dateModified' | 'selfUri' | 'unread' | 'readDifferently' | 'sharedWith'
>;

/** What a schema of the org whose externalId other schemas share is: one sentence, for plans and errors. */
export function sharedIdentityText(schema: Pick<RemoteSchema, 'externalId' | 'name' | 'sharedWith'>): string {
  const names = [schema.name, ...(schema.sharedWith ?? [])].map((name) => JSON.stringify(name)).join(', ');
  return `the org holds schemas named ${names}, which are all ${schema.externalId} to cxschema`;
}

/** How to end a shared externalId (docs/families.md "Identity"). */
export const SHARED_IDENTITY_HINT =
  "rename them in the org so that each name's identifier form differs: lower case Latin letters and digits, other characters as _, the first 64 characters";

export function isObjectItems(items: unknown): items is ObjectItems {
  return typeof items === 'object' && items !== null && Array.isArray((items as ObjectItems).fields);
}

export function isListItems(items: unknown): items is ListItems {
  return typeof items === 'object' && items !== null && typeof (items as ListItems).fieldtype === 'string';
}
