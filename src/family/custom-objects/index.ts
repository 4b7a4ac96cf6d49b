/**
 * The custom objects family (docs/api-contract.md): the twelve field types, externalId as identity, the
 * DRAFT -> PUBLISHED -> DEPRECATED lifecycle, every write carrying the version it makes (current + 1), and a
 * wire body that is the domain's own schema shape.
 */
import { DEFAULT_LIMITS, DEFAULT_MAX_ITEMS, FIELD_TYPE_FACTS, maxLengthCapFor } from '../../model/field-types.js';
import { FIELD_TYPES } from '../../model/schema.js';
import type { Family, NeverAllowed } from '../family.js';
import { sameSchemaContent } from './content-equality.js';
import { CUSTOM_OBJECTS_LIFECYCLE } from './lifecycle.js';
import { fromCustomObjectsBody, toCustomObjectsBody } from './wire.js';

/**
 * docs/api-contract.md "What the platform refuses": a field's type, a list's item type, a required field removed.
 * An optional field may go, so a required one goes in two versions.
 */
const INCOMPATIBLE = 'customobjects.schema.incompatible';
const NEVER_ALLOWED: NeverAllowed = {
  FIELD_TYPE_CHANGED: {
    code: INCOMPATIBLE,
    instead: 'keep the field as it is and add one under a new name instead',
  },
  ITEMS_CHANGED: {
    code: INCOMPATIBLE,
    instead: 'keep the list as it is and add one under a new name instead',
  },
  REQUIRED_FIELD_REMOVED: {
    code: INCOMPATIBLE,
    instead: 'make the field optional in one version, then remove it in a later one (which FIELD_REMOVED judges)',
  },
};

export const CUSTOM_OBJECTS_FAMILY: Family = {
  name: 'customobjects',
  label: 'custom object schemas',
  fieldTypes: FIELD_TYPES,
  defaultLimits: DEFAULT_LIMITS,
  boundsRecordSize: true,
  holdsTitles: false,
  holdsDisabledValues: false,
  identity: 'the externalId, which the platform keeps unique and which addresses the schema in every path',
  lifecycle: CUSTOM_OBJECTS_LIFECYCLE,
  versionRule: {
    carried: (_method, resulting) => resulting,
    description: 'a POST carries version 1 and a PUT the version it makes, current + 1',
  },
  neverAllowed: NEVER_ALLOWED,
  errorCodes: {
    versionConflict: 'customobjects.schema.version.conflict',
    exists: 'customobjects.schema.exists',
  },
  wire: {
    toWire: toCustomObjectsBody,
    fromWire: fromCustomObjectsBody,
  },
  api: { kind: 'customobjects' },
  canonicalFields: (fields) => [...fields],
  // The file format is custom objects' own: what it cannot hold, the other rules report.
  cannotHold: () => [],
  maxLengthCap: maxLengthCapFor,
  // docs/file-format.md: a string holds 255 characters, a list 100 items, unless the file says otherwise.
  fieldDefaults: {
    maxLength: (fieldtype) => FIELD_TYPE_FACTS[fieldtype].defaultMaxLength,
    maxItems: DEFAULT_MAX_ITEMS,
    uniqueItems: false,
  },
  // A custom object record holds each field's value under the field's name.
  recordKey: (field) => field.name,
  sameContent: sameSchemaContent,
};
