/** The platform families cxschema can manage, by name. */
import { CxError } from '../model/errors.js';
import { CUSTOM_OBJECTS_FAMILY } from './custom-objects/index.js';
import type { Family } from './family.js';

export * from './family.js';
export { CUSTOM_OBJECTS_FAMILY } from './custom-objects/index.js';

export const FAMILIES: readonly Family[] = [CUSTOM_OBJECTS_FAMILY];

/** The family a name (a config's `target`, a saved plan's target kind) stands for. */
export function familyNamed(name: string): Family {
  const family = FAMILIES.find((candidate) => candidate.name === name);
  if (family === undefined) {
    throw new CxError('INPUT', `unknown target family "${name}"`, { hint: `use one of ${FAMILIES.map((f) => f.name).join(', ')}` });
  }
  return family;
}
