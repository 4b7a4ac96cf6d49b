/** Paths and bodies of the DataSchema families for the emulator's tests, written from docs/targets.md. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Family = 'contacts' | 'organizations' | 'workitems';
export const FAMILIES: readonly Family[] = ['contacts', 'organizations', 'workitems'];

export const BASE: Record<Family, string> = {
  contacts: '/api/v2/externalcontacts/contacts/schemas',
  organizations: '/api/v2/externalcontacts/organizations/schemas',
  workitems: '/api/v2/taskmanagement/workitems/schemas',
};

export const APPLIES_TO: Record<Family, string> = {
  contacts: 'CONTACT',
  organizations: 'EXTERNAL_ORGANIZATION',
  workitems: 'WORKITEM',
};

export function textProperty(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { allOf: [{ $ref: '#/definitions/text' }], title, minLength: 0, maxLength: 100, ...extra };
}

/**
 * A tag property whose items may repeat (`uniqueItems: false`), as an org may hold one: read as a tag all the same,
 * whose items cxschema writes distinct.
 */
export const REPEATING_TAG = {
  allOf: [{ $ref: '#/definitions/tag' }],
  title: 'labels',
  items: { minLength: 1, maxLength: 50 },
  minItems: 0,
  maxItems: 5,
  uniqueItems: false,
};

/** A valid create body: `properties` replaces the default single text field. */
export function dataSchemaBody(
  name: string,
  properties?: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name,
    version: 1,
    jsonSchema: {
      title: name,
      description: `The ${name} schema`,
      properties: properties ?? { nickname_text: textProperty('Nickname') },
    },
    ...overrides,
  };
}

/** n text properties `field_<i>_text`. */
export function manyProperties(n: number): Record<string, unknown> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`field_${i}_text`, textProperty(`Field ${i}`)]));
}

/** The platform's published workitem example with every coretype (test/fixtures/targets/README.md). */
export function everyCoretypeExample(): Record<string, unknown> {
  return JSON.parse(
    readFileSync(fileURLToPath(new URL('../fixtures/targets/workitem-every-coretype.json', import.meta.url)), 'utf8'),
  ) as Record<string, unknown>;
}

/**
 * The example DataSchema of the platform's SDK, every coretype but url, its enum without `_enumProperties`
 * (test/fixtures/targets/README.md).
 */
export function sdkContactExample(): Record<string, unknown> {
  return JSON.parse(
    readFileSync(fileURLToPath(new URL('../fixtures/targets/contact-every-coretype.json', import.meta.url)), 'utf8'),
  ) as Record<string, unknown>;
}
