/**
 * `customobjects.schema.limit.exceeded` (docs/api-contract.md): more fields than allowed (every field at every depth
 * counts), a maxLength or maxItems over its cap, nesting too deep. Runs on a body that passed the structural check.
 */
import type { PlatformLimits } from '../model/field-types.js';
import type { FieldConstraints, SchemaWriteBody } from '../model/schema.js';
import type { Problem } from './error-body.js';
import { CODES } from './error-body.js';
import { maxLengthLimit } from './contract-facts.js';
import { fieldPath, listItemConstraints, walkFields } from './schema-walk.js';

function exceeded(fieldName: string, message: string, messageParams: Record<string, string>): Problem {
  return { code: CODES.limitExceeded, message, fieldName, messageParams };
}

/** The caps of one set of constraints, at `${fieldPath(basePath, index)}${suffix}` (written only for a problem). */
function capProblems(
  fieldtype: string,
  constraints: FieldConstraints | undefined,
  basePath: string,
  index: number,
  suffix: string,
  limits: PlatformLimits,
  problems: Problem[],
): void {
  const cap = maxLengthLimit(fieldtype, limits);
  const maxLength = constraints?.maxLength;
  if (cap !== undefined && maxLength !== undefined && maxLength > cap) {
    problems.push(
      exceeded(
        `${fieldPath(basePath, index)}${suffix}.maxLength`,
        `maxLength ${maxLength} exceeds the cap of ${cap} for fieldtype ${fieldtype}`,
        {
          value: String(maxLength),
          max: String(cap),
        },
      ),
    );
  }
  const maxItems = constraints?.maxItems;
  if (fieldtype === 'list' && maxItems !== undefined && maxItems > limits.maxListItems) {
    problems.push(
      exceeded(
        `${fieldPath(basePath, index)}${suffix}.maxItems`,
        `maxItems ${maxItems} exceeds the cap of ${limits.maxListItems}`,
        {
          value: String(maxItems),
          max: String(limits.maxListItems),
        },
      ),
    );
  }
}

export function checkSchemaLimits(body: SchemaWriteBody, limits: PlatformLimits): Problem[] {
  const problems: Problem[] = [];
  const total = countAll(body);
  if (total > limits.maxFieldsPerSchema) {
    problems.push(
      exceeded(
        'fields',
        `The schema has ${total} fields at all depths; at most ${limits.maxFieldsPerSchema} are allowed`,
        { count: String(total), max: String(limits.maxFieldsPerSchema) },
      ),
    );
  }
  walkFields(body.fields, (field, basePath, index, depth) => {
    if (depth > limits.maxNestingDepth) {
      // Reported once, at the first field below the allowed depth; its own children are not walked.
      problems.push(
        exceeded(
          fieldPath(basePath, index),
          `Field "${field.name}" is nested ${depth} levels deep; at most ${limits.maxNestingDepth} are allowed`,
          { depth: String(depth), max: String(limits.maxNestingDepth) },
        ),
      );
      return false;
    }
    capProblems(field.fieldtype, field.constraints, basePath, index, '.constraints', limits, problems);
    const items = listItemConstraints(field);
    if (items)
      capProblems(
        items.fieldtype,
        items.constraints,
        basePath,
        index,
        '.constraints.items.constraints',
        limits,
        problems,
      );
    return true;
  });
  return problems;
}

/** Every field at every depth (docs/api-contract.md: all count toward the per-schema limit). */
export function countAll(body: SchemaWriteBody): number {
  let count = 0;
  walkFields(body.fields, () => {
    count++;
  });
  return count;
}
