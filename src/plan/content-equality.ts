/**
 * "No change" means the org already holds the desired contents. The comparison is the family's own (the one
 * its client uses to resolve a write by reading back), so that plan and client never disagree on what "equal"
 * is: key order, field order, server-owned properties and the platform's defaults are set aside. Status is not
 * contents: it is compared by the caller.
 */
import { CUSTOM_OBJECTS_FAMILY } from '../family/index.js';
import type { Family } from '../family/family.js';
import type { SchemaContent } from './plan-types.js';

export function sameContent(a: SchemaContent, b: SchemaContent, family: Family = CUSTOM_OBJECTS_FAMILY): boolean {
  // Neither side carries a status here, so the comparison is of contents alone.
  return family.sameContent(withoutStatus(a), withoutStatus(b));
}

function withoutStatus(content: SchemaContent): SchemaContent {
  const { externalId, name, title, description, fields } = content;
  const plain: SchemaContent = { externalId, name, fields };
  if (title !== undefined) plain.title = title;
  if (description !== undefined) plain.description = description;
  return plain;
}
