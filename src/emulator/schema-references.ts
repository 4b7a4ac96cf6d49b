/**
 * `customobjects.schema.reference.invalid` (docs/api-contract.md): a referencedType that is neither a system object nor
 * an existing schema; or, when the new version is PUBLISHED, a target schema whose current version is not
 * PUBLISHED. A schema may reference itself.
 */
import type { SchemaField, SchemaStatus, SchemaWriteBody } from '../model/schema.js';
import type { Problem } from './error-body.js';
import { CODES } from './error-body.js';
import { fieldPath, listItemConstraints, walkFields } from './schema-walk.js';

export interface ReferenceContext {
  systemObjects: ReadonlySet<string>;
  /** Status of the current version of a schema, undefined when there is no such schema. */
  statusOf(externalId: string): SchemaStatus | undefined;
}

/** Every referencedType in a list of fields, with the path of the constraint. */
export function referencesOf(fields: readonly SchemaField[]): Array<{ target: string; path: string }> {
  const found: Array<{ target: string; path: string }> = [];
  walkFields(fields, (field, basePath, index) => {
    const own = field.fieldtype === 'reference' ? field.constraints?.referencedType : undefined;
    if (own !== undefined)
      found.push({ target: own, path: `${fieldPath(basePath, index)}.constraints.referencedType` });
    const items = listItemConstraints(field);
    const viaList = items?.fieldtype === 'reference' ? items.constraints?.referencedType : undefined;
    if (viaList !== undefined)
      found.push({
        target: viaList,
        path: `${fieldPath(basePath, index)}.constraints.items.constraints.referencedType`,
      });
  });
  return found;
}

export function checkSchemaReferences(body: SchemaWriteBody, context: ReferenceContext): Problem[] {
  const problems: Problem[] = [];
  for (const { target, path } of referencesOf(body.fields)) {
    if (context.systemObjects.has(target) || target === body.externalId) continue;
    const status = context.statusOf(target);
    if (status === undefined) {
      problems.push({
        code: CODES.referenceInvalid,
        message: `referencedType "${target}" is neither a system object nor an existing schema`,
        messageWithParams: 'referencedType {referencedType} is neither a system object nor an existing schema',
        messageParams: { referencedType: target },
        fieldName: path,
      });
    } else if (body.status === 'PUBLISHED' && status !== 'PUBLISHED') {
      problems.push({
        code: CODES.referenceInvalid,
        message: `A PUBLISHED schema cannot reference "${target}", whose current version is ${status}`,
        messageWithParams: 'A PUBLISHED schema cannot reference {referencedType}, whose current version is {status}',
        messageParams: { referencedType: target, status },
        fieldName: path,
      });
    }
  }
  return problems;
}
