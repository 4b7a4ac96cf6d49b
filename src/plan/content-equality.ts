/**
 * "No change" means the org already holds the desired contents. The comparison is the client's own
 * (src/genesys/schema-equality.ts), the one it uses to resolve a write by reading back, so that plan and client
 * never disagree on what "equal" is: key order, field order, server-owned properties and the platform's
 * defaults are set aside. Status is not contents: it is compared by the caller.
 */
import { sameSchemaContent } from '../genesys/schema-equality.js';
import type { SchemaContent } from './plan-types.js';

export function sameContent(a: SchemaContent, b: SchemaContent): boolean {
  // Neither side carries a status here, so the comparison is of contents alone.
  return sameSchemaContent(withoutStatus(a), withoutStatus(b));
}

function withoutStatus(content: SchemaContent): SchemaContent {
  const { externalId, name, description, fields } = content;
  return description === undefined ? { externalId, name, fields } : { externalId, name, description, fields };
}
