/**
 * The platform's DataSchema families (docs/families.md, wire contract in docs/targets.md): contact,
 * organization and workitem schemas. They share the body, the coretypes, the version rule and the lifecycle;
 * they differ in path, `appliesTo`, delete, limits and in whether a field may ever be removed.
 */
import { DEFAULT_LIMITS, maxLengthCapFor, type PlatformLimits } from '../../model/field-types.js';
import type { FamilyName, FieldType } from '../../model/schema.js';
import type { DataSchemaApi, Family, FieldDefaults, NeverAllowed } from '../family.js';
import { CORETYPE_MAX_LENGTH, DATA_SCHEMA_FIELD_TYPES, TAG_MAX_ITEMS, toCoreField } from './core-fields.js';
import { coreFields, sameDataSchemaContent, widestBoundsOf } from './content-equality.js';
import { fieldDescriptionProblems } from './field-description-limit.js';
import { dataSchemaLifecycle } from './lifecycle.js';
import { identityOfName } from './identity.js';
import { fromDataSchemaBody, recordKeyOf, toDataSchemaBody, unreadableDataSchema } from './wire.js';

interface DataSchemaFamilySpec {
  name: FamilyName;
  label: string;
  api: DataSchemaApi;
  maxFieldsPerSchema: number;
  maxSchemasPerOrg: number;
  neverAllowed: NeverAllowed;
}

/** The coretypes' caps (docs/targets.md "The coretypes") in the terms of the offline limits. */
const CORE_TYPE_LIMITS: Pick<PlatformLimits, 'maxStringLength' | 'maxLongTextLength' | 'maxListItems'> = {
  maxStringLength: CORETYPE_MAX_LENGTH.text!,
  maxLongTextLength: CORETYPE_MAX_LENGTH.longtext!,
  maxListItems: TAG_MAX_ITEMS,
};

/** The coretype caps of docs/targets.md: text and longtext as the org's /coretypes say, the others fixed. */
function coreMaxLengthCap(fieldtype: FieldType, limits: PlatformLimits): number | undefined {
  switch (fieldtype) {
    case 'string':
    case 'text':
      return limits.maxStringLength;
    case 'longText':
    case 'longtext':
      return limits.maxLongTextLength;
    case 'url':
    case 'identifier':
    case 'tag':
      return CORETYPE_MAX_LENGTH[fieldtype];
    default:
      return maxLengthCapFor(fieldtype, limits);
  }
}

/**
 * A property without a bound takes its coretype's widest range (docs/targets.md "The coretypes"), as the plan
 * compares it: a text holds 100 characters, a url 200, a tag 10 distinct tags of 100. Derived from the plan's own
 * rule (content-equality.ts `widestBoundsOf`), so that what codegen and the catalog state is what plan compares.
 */
const CORE_FIELD_DEFAULTS: FieldDefaults = {
  maxLength: (fieldtype) => widestBoundsOf(fieldtype)?.maxLength,
  maxItems: widestBoundsOf('tag')!.maxItems!,
  // cxschema writes every tag with `uniqueItems: true` (docs/families.md).
  uniqueItems: true,
};

/**
 * Contacts and organizations never let a saved field go, optional or required, nor an enum value (docs/targets.md
 * "What a PUT may not change"): a PUT that removes one is refused, and so is a type change, which gives the field a
 * new property key and removes the old one. So no field is made optional first to be removed later: it stays.
 * Workitems allow all of these.
 */
function noRemoval(label: string): NeverAllowed {
  const fieldGone = 'dynamic.schema.field.removed';
  const never = `${label} never let a saved field go`;
  return {
    FIELD_REMOVED: { code: fieldGone, instead: `keep the field in the file (${never})` },
    REQUIRED_FIELD_REMOVED: {
      code: fieldGone,
      instead: `keep the field in the file, optional if it need no longer be filled in (${never}, optional or required)`,
    },
    FIELD_TYPE_CHANGED: {
      code: fieldGone,
      instead: `keep the field as it is and add one under a new name instead (a new type is a new property key, and ${never})`,
    },
    ENUM_VALUE_REMOVED: {
      code: 'dynamic.schema.enum.value.removed',
      instead:
        "keep the value in constraints.enum and list it in the field's disabledValues: it is offered no more, and " +
        'records holding it keep it (docs/families.md "Disabled values")',
    },
  };
}

function dataSchemaFamily(spec: DataSchemaFamilySpec): Family {
  return {
    name: spec.name,
    label: spec.label,
    fieldTypes: DATA_SCHEMA_FIELD_TYPES,
    defaultLimits: {
      ...DEFAULT_LIMITS,
      ...CORE_TYPE_LIMITS,
      maxFieldsPerSchema: spec.maxFieldsPerSchema,
      maxSchemasPerOrg: spec.maxSchemasPerOrg,
    },
    boundsRecordSize: false,
    holdsTitles: true,
    holdsDisabledValues: true,
    identity: "the DataSchema's name (unique in a family): the file's name, whose identifier form is its externalId",
    externalIdOf: identityOfName,
    lifecycle: dataSchemaLifecycle(spec.label),
    versionRule: {
      carried: (method, resulting) => (method === 'POST' ? 1 : resulting - 1),
      description: 'a POST carries version 1 and a PUT the current version (the one it replaces)',
    },
    neverAllowed: spec.neverAllowed,
    errorCodes: {
      versionConflict: 'dynamic.schema.version.conflict',
      exists: 'dynamic.schema.name.exists',
    },
    wire: {
      toWire: (body) => toDataSchemaBody(body, spec.api.appliesTo),
      fromWire: fromDataSchemaBody,
      unreadable: unreadableDataSchema,
    },
    canonicalFields: coreFields,
    maxLengthCap: coreMaxLengthCap,
    fieldDefaults: CORE_FIELD_DEFAULTS,
    recordKey: recordKeyOf,
    cannotHold: (field) => {
      const core = toCoreField(field);
      return [...(core.ok ? [] : core.problems), ...fieldDescriptionProblems(field)];
    },
    sameContent: sameDataSchemaContent,
    api: spec.api,
  };
}

export const CONTACTS_FAMILY = dataSchemaFamily({
  name: 'contacts',
  label: 'contact schemas',
  api: {
    kind: 'dataschema',
    basePath: '/api/v2/externalcontacts/contacts/schemas',
    appliesTo: 'CONTACT',
    delete: 'hard',
    countsWith: { basePath: '/api/v2/externalcontacts/organizations/schemas', label: 'organization schemas' },
  },
  maxFieldsPerSchema: 25,
  maxSchemasPerOrg: 20,
  neverAllowed: noRemoval('contact schemas'),
});

export const ORGANIZATIONS_FAMILY = dataSchemaFamily({
  name: 'organizations',
  label: 'organization schemas',
  api: {
    kind: 'dataschema',
    basePath: '/api/v2/externalcontacts/organizations/schemas',
    appliesTo: 'EXTERNAL_ORGANIZATION',
    delete: 'none',
    countsWith: { basePath: '/api/v2/externalcontacts/contacts/schemas', label: 'contact schemas' },
  },
  maxFieldsPerSchema: 25,
  maxSchemasPerOrg: 20,
  neverAllowed: noRemoval('organization schemas'),
});

export const WORKITEMS_FAMILY = dataSchemaFamily({
  name: 'workitems',
  label: 'workitem schemas',
  api: {
    kind: 'dataschema',
    basePath: '/api/v2/taskmanagement/workitems/schemas',
    appliesTo: 'WORKITEM',
    delete: 'soft',
  },
  maxFieldsPerSchema: 50,
  maxSchemasPerOrg: 100,
  neverAllowed: {},
});
