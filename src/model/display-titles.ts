/**
 * Display titles (docs/families.md "Titles"): a schema's `title` stands for its name when absent, a field's for
 * its name, and an enum value's for the value itself. These give each title its normal form, present only where it
 * differs from what it stands for, so that writing the default and leaving it out are the same statement to plan,
 * pull and the read-back. An empty title shows nothing of its own, so it too stands for the name: the platform takes
 * an empty schema title (docs/targets.md), which a file cannot hold (at least 1 character), and pull writes none.
 */
import type { SchemaField } from './schema.js';

/** The title when it differs from the name it defaults to and is not empty; undefined otherwise. */
export function explicitTitle(title: string | undefined, name: string): string | undefined {
  return title === undefined || title === '' || title === name ? undefined : title;
}

/**
 * The titles of the field's enum values that differ from the values themselves, in the enum's order; undefined
 * when there are none. Titles of values the enum does not hold are not part of the field (ENUM_INVALID reports
 * them in a file).
 */
export function explicitEnumTitles(
  field: Pick<SchemaField, 'constraints' | 'enumTitles'>,
): Record<string, string> | undefined {
  const titles = field.enumTitles;
  if (titles === undefined) return undefined;
  const explicit: Array<[string, string]> = [];
  for (const value of field.constraints?.enum ?? []) {
    const key = String(value);
    const title = Object.hasOwn(titles, key) ? titles[key] : undefined;
    if (title !== undefined && title !== key) explicit.push([key, title]);
  }
  // fromEntries defines each key: a value named `__proto__` stays a key rather than setting the prototype.
  return explicit.length === 0 ? undefined : Object.fromEntries(explicit);
}
