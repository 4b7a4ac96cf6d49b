/**
 * The shape of one compatibility rule (under rules/, ajv style: one file a behaviour, which may serve several
 * ids): an id, what it detects, which direction of compatibility it breaks, and a check that looks at one field
 * in two versions.
 */
import type { ListItems, SchemaField } from '../model/schema.js';

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

/** `Id` is the rule's own id, so that the registry's type names every id (rules/index.ts derives `CompatRuleId`). */
export interface CompatRule<Id extends string = string> {
  /** SCREAMING_SNAKE_CASE, and a contract: configs name it in `compatibility.ignore`, CI parses it. */
  id: Id;
  /** One line for docs/compatibility.md. */
  description: string;
  /** Which directions the change breaks; a mode is broken when it checks one of them. */
  breaks: readonly CompatDirection[];
  /**
   * Where the family can disable an enum value and the mode forbids the change: the way around it that the hint
   * names before the usual ones (docs/families.md "Disabled values").
   */
  insteadWhereValuesDisable?: string;
  /** At most one finding a field pair; undefined when the rule does not apply. */
  detect(pair: FieldPair): RuleFinding | undefined;
}

/** Declares a rule with its id as a literal type, for the registry to derive the list of ids from. */
export function defineCompatRule<Id extends string>(rule: CompatRule<Id>): CompatRule<Id> {
  return rule;
}
