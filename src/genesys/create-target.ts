/** The HTTP transport of a family: the custom objects API, or a DataSchema family's endpoints. */
import type { Family } from '../family/family.js';
import type { ClientOptions } from './client-options.js';
import { createCustomObjectsTarget, type CustomObjectsTarget } from './custom-objects-target.js';
import { createDataSchemaTarget } from './data-schema-target.js';

/** A Target over HTTP, with the client's counters and who acts (the same for every family). */
export type HttpTarget = CustomObjectsTarget;

export function createTarget(family: Family, options: ClientOptions): HttpTarget {
  return family.api.kind === 'customobjects'
    ? createCustomObjectsTarget(options)
    : createDataSchemaTarget(family, options);
}
