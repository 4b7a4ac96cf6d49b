/**
 * The contents a plan writes, taken from a file's definition or from the org, and the write body made from them.
 * A file's `status` and `compatibility` are not contents: status is written per request, compatibility is a
 * property of the tool, never sent (docs/api-contract.md refuses unknown properties).
 */
import { copyJson } from '../model/json-data.js';
import type { RemoteSchema, SchemaDefinition, SchemaStatus, SchemaWriteBody } from '../model/schema.js';
import type { SchemaContent } from './plan-types.js';

/** The lifecycle state a file asks for: PUBLISHED when it names none. */
export function desiredStatus(definition: SchemaDefinition): SchemaStatus {
  return definition.status ?? 'PUBLISHED';
}

export function contentOfDefinition(definition: SchemaDefinition): SchemaContent {
  return makeContent(definition);
}

export function contentOfRemote(remote: RemoteSchema): SchemaContent {
  return makeContent(remote);
}

export function writeBody(content: SchemaContent, version: number, status: SchemaStatus): SchemaWriteBody {
  const body: SchemaWriteBody = {
    externalId: content.externalId,
    name: content.name,
    version,
    status,
    fields: content.fields,
  };
  if (content.title !== undefined) body.title = content.title;
  if (content.description !== undefined) body.description = content.description;
  return body;
}

function makeContent(source: SchemaContent): SchemaContent {
  // A deep copy: a plan is a value, and must not change when the documents or snapshot it came from do. The
  // fields are JSON data (a parsed file, an API answer), which copyJson copies several times faster than
  // structuredClone: a plan copies the fields of every schema it lists.
  const content: SchemaContent = {
    externalId: source.externalId,
    name: source.name,
    fields: copyJson(source.fields),
  };
  if (source.title !== undefined) content.title = source.title;
  if (source.description !== undefined) content.description = source.description;
  return content;
}
