/** What the compatibility check finds (docs/architecture.md: findings are data, in GraphQL Inspector's shape). */
import type { CompatibilityMode } from '../model/schema.js';
import type { CompatRuleId } from './rules/index.js';

export interface CompatChange {
  rule: CompatRuleId;
  /** The schema's externalId. */
  schema: string;
  /** Full field path: `name`, `address.street`, `tags[]`, `lines[].product`. */
  field: string;
  before?: unknown;
  after?: unknown;
  /** Why the change matters, without the field (`field` names it): views show `field: message`. */
  message: string;
  /** True when the field sits inside a list's element or an object's nested fields (ITEMS_CHANGED's scope). */
  insideItems?: boolean;
}

export interface CompatViolation extends CompatChange {
  /** The mode the change breaks. */
  mode: CompatibilityMode;
  /** The earlier version the next one was compared with. */
  againstVersion: number;
  /** How to proceed: fix the file, or accept the break in the config with a reason. */
  hint: string;
}
