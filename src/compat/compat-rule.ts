/**
 * The shape of one compatibility rule (one file each under rules/, ajv style): an id, what it detects, which
 * direction of compatibility it breaks, and a check that looks at one field in two versions.
 */
import type { ListItems, SchemaField } from '../model/schema.js';
import type { CompatRuleId } from './rule-ids.js';

/**
 * BACKWARD: the new version accepts every record valid under the old one. FORWARD: consumers still on the
 * old version can handle every record valid under the new one. The modes are combinations of these two.
 */
export type CompatDirection = 'BACKWARD' | 'FORWARD';

/**
 * One field (or a list's element) as found in the two versions, at any depth. `before` is undefined when the
 * field was added, `after` when it was removed.
 */
export interface FieldPair {
  /** Full path: `address.street`, `tags[]`. */
  path: string;
  before?: SchemaField | ListItems;
  after?: SchemaField | ListItems;
  /** A list's element: it has a fieldtype and constraints, but no name and no `required`. */
  element: boolean;
  /** Inside a list's element or an object's nested fields. */
  insideItems: boolean;
}

export interface RuleFinding {
  before?: unknown;
  after?: unknown;
  message: string;
}

export interface CompatRule {
  id: CompatRuleId;
  /** One line for docs/compatibility.md. */
  description: string;
  /** Which directions the change breaks; a mode is broken when it checks one of them. */
  breaks: readonly CompatDirection[];
  /** The platform refuses this change whatever the mode (docs/api-contract.md "What the platform refuses"). */
  platformRefuses?: boolean;
  /** At most one finding a field pair; undefined when the rule does not apply. */
  detect(pair: FieldPair): RuleFinding | undefined;
}
