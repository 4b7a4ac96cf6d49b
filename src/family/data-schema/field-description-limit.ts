/**
 * A field's description on the DataSchema families: at most 500 characters, the documented default of the
 * family's `maxFieldDescriptionCharacters` (docs/targets.md "Limits"), which the platform enforces with a 400; the
 * org's own /limits are not read for it, as for the coretypes' fixed ranges (docs/families.md). Custom objects
 * bound no field's description (docs/api-contract.md), so the file format, shared by every family, cannot say it:
 * the family does, and FAMILY_CONSTRAINT_UNSUPPORTED reports it offline.
 */
import { characterCount } from '../../model/characters.js';
import type { SchemaField } from '../../model/schema.js';
import type { HoldProblem } from '../family.js';

export const MAX_FIELD_DESCRIPTION_CHARACTERS = 500;

/** The description's problem when it is too long; empty otherwise. */
export function fieldDescriptionProblems(field: Pick<SchemaField, 'description'>): HoldProblem[] {
  if (typeof field.description !== 'string') return [];
  // Characters as the platform counts them, code points: an emoji is one, not two UTF-16 units.
  const characters = characterCount(field.description);
  if (characters <= MAX_FIELD_DESCRIPTION_CHARACTERS) return [];
  return [
    {
      kind: 'value',
      property: 'description',
      message: `the description is ${characters} characters, over the ${MAX_FIELD_DESCRIPTION_CHARACTERS} a field's description may have (maxFieldDescriptionCharacters)`,
      hint: `shorten it to ${MAX_FIELD_DESCRIPTION_CHARACTERS} characters`,
    },
  ];
}
