/**
 * ORG_SCHEMA_LIMIT: the org's schema count (`maxSchemasPerOrg` of /limits) is a limit of the org, not of a file,
 * so only an online check can see it: the schemas the org holds plus those the files would create. Without it,
 * `apply` would create schemas up to the limit and then fail the rest halfway (the platform's
 * `customobjects.schema.limit.exceeded`, `dynamic.schema.limit.exceeded`). Contact and organization schemas count
 * together (docs/targets.md "Limits"): the other family's are in the count. Reported on each new schema past the
 * limit, in file order, so that the count of findings is the count of schemas too many. The other limits of /limits
 * the rules check with the org's values (validate-against-org.ts passes them; rules/org-quantity-limits.ts).
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { SchemaDocument } from '../model/document.js';
import type { Snapshot } from './snapshot.js';

export const ORG_SCHEMA_LIMIT = 'ORG_SCHEMA_LIMIT';

export function orgSchemaLimitFindings(
  documents: readonly SchemaDocument[],
  snapshot: Pick<Snapshot, 'schemas' | 'limits'>,
): Diagnostic[] {
  const remote = new Set(snapshot.schemas.map((schema) => schema.externalId));
  const seen = new Set<string>();
  const creations: Array<{ document: SchemaDocument; externalId: string }> = [];
  for (const document of documents) {
    const externalId = document.definition?.externalId;
    if (externalId === undefined || remote.has(externalId) || seen.has(externalId)) continue;
    seen.add(externalId);
    creations.push({ document, externalId });
  }
  const max = snapshot.limits.maxSchemasPerOrg;
  // A schema listed for the others that share its externalId (data-schema-target.ts) counts as all of them.
  const own = snapshot.schemas.reduce((count, schema) => count + 1 + (schema.sharedWith?.length ?? 0), 0);
  // Contacts and organizations count together (docs/targets.md "Limits"): the other family's schemas too.
  const countedWith = snapshot.limits.org?.countedWith;
  const held = own + (countedWith?.count ?? 0);
  const room = Math.max(0, max - held);
  if (creations.length <= room) return [];
  const tooMany = creations.length - room;
  // A DataSchema org's answer names where it was read; a custom objects org's limits are its defaults' terms.
  const org = snapshot.limits.org;
  const source = org === undefined ? '' : ` (maxNumberOfSchemasPerOrg of ${org.source})`;
  return creations.slice(room).map(({ document, externalId }) => {
    const position = document.locate('/externalId');
    return {
      ruleId: ORG_SCHEMA_LIMIT,
      severity: 'error',
      message: `creating ${externalId} would go past the org's limit of ${max} schemas${source}: the org holds ${held}${countedWith === undefined || countedWith.count === 0 ? '' : ` (${own} of this family and ${countedWith.count} ${countedWith.label}, which count toward the same limit)`}, these files create ${creations.length}, ${tooMany} too many`,
      file: document.file,
      line: position.line,
      column: position.column,
      schema: externalId,
      hint: `deploy ${tooMany === 1 ? 'one schema' : `${tooMany} schemas`} fewer, delete schemas the org no longer needs, or ask for a higher limit (maxSchemasPerOrg)`,
    };
  });
}
