/**
 * The custom objects family (docs/api-contract.md): the twelve field types, externalId as identity, the
 * DRAFT -> PUBLISHED -> DEPRECATED lifecycle, every write carrying the version it makes (current + 1), and a
 * wire body that is the domain's own schema shape.
 */
import { DEFAULT_LIMITS, maxLengthCapFor } from '../../model/field-types.js';
import { FIELD_TYPES } from '../../model/schema.js';
import type { Family } from '../family.js';
import { sameSchemaContent } from './content-equality.js';
import { CUSTOM_OBJECTS_LIFECYCLE } from './lifecycle.js';
import { fromCustomObjectsBody, toCustomObjectsBody } from './wire.js';

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
  // docs/api-contract.md "What the platform refuses": a field's type, a list's item type, a required field removed.
  neverAllowed: ['FIELD_TYPE_CHANGED', 'ITEMS_CHANGED', 'REQUIRED_FIELD_REMOVED'],
  errorCodes: {
    versionConflict: 'customobjects.schema.version.conflict',
    exists: 'customobjects.schema.exists',
    refusedChanges: {
      FIELD_TYPE_CHANGED: 'customobjects.schema.incompatible',
      ITEMS_CHANGED: 'customobjects.schema.incompatible',
      REQUIRED_FIELD_REMOVED: 'customobjects.schema.incompatible',
    },
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
  sameContent: sameSchemaContent,
};
