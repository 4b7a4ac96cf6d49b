/**
 * Content equality on a DataSchema family: both sides in their coretype form (so `string` in a file equals
 * `text` in the org), fields matched by name whatever their order, an absent description empty, absent
 * `required` false. Titles are compared with their defaults filled in (docs/families.md "Titles"): a schema's is
 * its name (an empty one too), a field's its name, an enum value's the value itself. Disabled enum values are
 * compared as the set the enum holds (docs/families.md "Disabled values"), none when there is no list.
 */
import { sameJson } from '../../model/json-data.js';
import type { FieldConstraints, FieldType, SchemaField } from '../../model/schema.js';
import { disabledEnumValues } from '../../model/disabled-values.js';
import { explicitEnumTitles, explicitTitle } from '../../model/display-titles.js';
import type { FamilyContent } from '../family.js';
import { CORETYPE_MAX_LENGTH, TAG_MAX_ITEMS, toCoreField, type CoreType } from './core-fields.js';

/**
 * The fields in their coretype form, as they are compared (content equality, the plan's diff, compatibility):
 * an unset maxLength, or a tag's unset maxItems, is written as the coretype's widest, so that leaving a bound out
 * and writing its widest value are one thing, and a change from one to a narrower value shows the numbers the
 * platform applies; a minLength or a tag's minItems of 0 is left out, as the bound it is not. A field no coretype
 * holds stays as written (validate refuses it).
 */
export function coreFields(fields: readonly SchemaField[]): SchemaField[] {
  return fields.map((field) => {
    const core = toCoreField(field);
    return core.ok ? withWidestBounds(core.field) : field;
  });
}

/**
 * The bounds a field of this type has where its file sets none: its coretype's widest, as withWidestBounds gives
 * them, the type mapped to its coretype as toCoreField maps it (`string` is a text, a list of strings a tag). Codegen
 * and the catalog state these (index.ts, CORE_FIELD_DEFAULTS), so they cannot drift from what plan compares. Undefined
 * for a type no coretype holds, or one that holds no such bound.
 */
export function widestBoundsOf(fieldtype: FieldType): FieldConstraints | undefined {
  const core = toCoreField({ name: 'field', fieldtype });
  return core.ok ? withWidestBounds(core.field).constraints : undefined;
}

/**
 * A property without a bound takes the coretype's widest range: the published caps (an org whose /coretypes says
 * otherwise for text or longtext is not consulted here).
 */
function withWidestBounds(field: SchemaField & { fieldtype: CoreType }): SchemaField {
  const widest = CORETYPE_MAX_LENGTH[field.fieldtype];
  if (widest === undefined) return field;
  const constraints = { ...field.constraints };
  constraints.maxLength ??= widest;
  // A lower bound of 0 bounds nothing: the platform's own examples write `minLength: 0` (and a tag's `minItems: 0`),
  // so a schema made in the org holds them, and a file that leaves them out says the same thing.
  if (constraints.minLength === 0) delete constraints.minLength;
  if (field.fieldtype === 'tag') {
    constraints.maxItems ??= TAG_MAX_ITEMS;
    if (constraints.minItems === 0) delete constraints.minItems;
  }
  return { ...field, constraints };
}

export function sameDataSchemaContent(a: FamilyContent, b: FamilyContent): boolean {
  // The normal forms compared as canonical JSON would compare them, without serialising them (json-data.ts).
  return sameJson(normalize(a), normalize(b));
}

function normalize(content: FamilyContent): Record<string, unknown> {
  return {
    externalId: content.externalId,
    name: content.name,
    // An empty title stands for the name, as an absent one does (display-titles.ts).
    title: explicitTitle(content.title, content.name) ?? content.name,
    description: content.description ?? '',
    status: content.status ?? 'PUBLISHED',
    fields: coreFields(content.fields)
      .map((field) => ({
        name: field.name,
        fieldtype: field.fieldtype,
        title: field.title ?? field.name,
        description: field.description ?? '',
        required: field.required ?? false,
        constraints: Object.fromEntries(
          Object.entries(field.constraints ?? {}).filter(([, value]) => value !== undefined),
        ),
        enumTitles: explicitEnumTitles(field) ?? {},
        disabledValues: disabledEnumValues(field) ?? [],
      }))
      .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)),
  };
}
