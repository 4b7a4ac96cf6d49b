/** The platform families cxschema can manage, by name. */
import type { CxConfig } from '../model/config.js';
import type { SchemaDocument } from '../model/document.js';
import { CxError } from '../model/errors.js';
import { CUSTOM_OBJECTS_FAMILY } from './custom-objects/index.js';
import { CONTACTS_FAMILY, ORGANIZATIONS_FAMILY, WORKITEMS_FAMILY } from './data-schema/index.js';
import type { Family } from './family.js';

export * from './family.js';
export { CUSTOM_OBJECTS_FAMILY } from './custom-objects/index.js';
export { CONTACTS_FAMILY, ORGANIZATIONS_FAMILY, WORKITEMS_FAMILY } from './data-schema/index.js';
export {
  toCoreField,
  fromCoreField,
  CORE_TYPES,
  type CoreType,
  type CoreFieldProblem,
} from './data-schema/core-fields.js';

export const FAMILIES: readonly Family[] = [
  CUSTOM_OBJECTS_FAMILY,
  CONTACTS_FAMILY,
  ORGANIZATIONS_FAMILY,
  WORKITEMS_FAMILY,
];

/** The family a schema file is deployed to: its own `target` when it names a family, the run's otherwise. */
export function familyOfDocument(document: Pick<SchemaDocument, 'value'>, fallback: Family): Family {
  const value = document.value;
  const target = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['target'] : undefined;
  return FAMILIES.find((family) => family.name === target) ?? fallback;
}

/**
 * The family of the project's files that name none: the config's top-level `target`, with `--env` as without. An
 * environment's `target` says which family a run deploys, not what a file without one is (docs/families.md): so
 * validate checks such a file, plan leaves it out, and generate and docs key and bound its records, alike.
 */
export function projectFilesFamily(config: Pick<CxConfig, 'target'>): Family {
  return familyNamed(config.target ?? 'customobjects');
}

/** The family a name (a config's `target`, a saved plan's target kind) stands for. */
export function familyNamed(name: string): Family {
  const family = FAMILIES.find((candidate) => candidate.name === name);
  if (family === undefined) {
    throw new CxError('INPUT', `unknown target family "${name}"`, {
      hint: `use one of ${FAMILIES.map((f) => f.name).join(', ')}`,
    });
  }
  return family;
}
