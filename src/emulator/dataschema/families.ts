/**
 * The three DataSchema families the emulator serves (docs/targets.md): where each lives, what it applies to, how it
 * deletes, which permission each method needs, and what a PUT may not take away. The emulator's own reading of the
 * contract, independent of the client's (docs/architecture.md).
 */

export type FamilyName = 'contacts' | 'organizations' | 'workitems';

export const FAMILY_NAMES: readonly FamilyName[] = ['contacts', 'organizations', 'workitems'];

/** `hard`: the schema is gone; `soft`: it stays readable with `"deleted": true`; `none`: no DELETE route (405). */
export type DeleteMode = 'hard' | 'soft' | 'none';

export type DataSchemaMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Family {
  name: FamilyName;
  basePath: string;
  /** The one value of `appliesTo`. */
  appliesTo: string;
  deleteMode: DeleteMode;
  /** The permission each method needs (SDK method docs, "Requires ANY permissions"). */
  permissions: Readonly<Record<DataSchemaMethod, string>>;
  /** A PUT may not drop a property or an enum value (the help center: fields cannot be deleted once saved). */
  keepsFields: boolean;
  /** Families whose schemas count together toward maxNumberOfSchemasPerOrg (20 contact and organization types). */
  countGroup: readonly FamilyName[];
}

const EXTERNAL_CONTACTS = {
  GET: 'externalContacts:customFields:view',
  POST: 'externalContacts:customFields:add',
  PUT: 'externalContacts:customFields:edit',
  DELETE: 'externalContacts:customFields:edit',
} as const;

export const FAMILIES: Readonly<Record<FamilyName, Family>> = {
  contacts: {
    name: 'contacts',
    basePath: '/api/v2/externalcontacts/contacts/schemas',
    appliesTo: 'CONTACT',
    deleteMode: 'hard',
    permissions: EXTERNAL_CONTACTS,
    keepsFields: true,
    countGroup: ['contacts', 'organizations'],
  },
  organizations: {
    name: 'organizations',
    basePath: '/api/v2/externalcontacts/organizations/schemas',
    appliesTo: 'EXTERNAL_ORGANIZATION',
    deleteMode: 'none',
    permissions: EXTERNAL_CONTACTS,
    keepsFields: true,
    countGroup: ['contacts', 'organizations'],
  },
  workitems: {
    name: 'workitems',
    basePath: '/api/v2/taskmanagement/workitems/schemas',
    appliesTo: 'WORKITEM',
    deleteMode: 'soft',
    permissions: {
      GET: 'workitems:workitemSchema:view',
      POST: 'workitems:workitemSchema:add',
      PUT: 'workitems:workitemSchema:edit',
      DELETE: 'workitems:workitemSchema:delete',
    },
    keepsFields: false,
    countGroup: ['workitems'],
  },
};

/** Every permission the families know, for checking a client's configuration. */
export const KNOWN_PERMISSIONS: readonly string[] = [
  ...new Set(FAMILY_NAMES.flatMap((name) => Object.values(FAMILIES[name].permissions))),
];
