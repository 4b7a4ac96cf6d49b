/**
 * ENUM_INVALID: an enum that allows nothing or contradicts itself: empty, with a value twice, or with values
 * that break the field's other constraints (a string value for a number field, a value longer than maxLength,
 * one that does not match the pattern, a number outside min..max). Each bad value is reported at its position.
 */
import { walkFields, type FieldNode } from './field-walk.js';
import { aFieldOf } from './field-type-words.js';
import { accepts, effectiveMaxLength, integerConstraint, numberConstraint } from './numeric-constraints.js';
import { compileError } from './pattern-invalid.js';
import type { CheckedRule } from './rule.js';

export const enumInvalid: CheckedRule = {
  id: 'ENUM_INVALID',
  defaultSeverity: 'error',
  description: "An empty enum, a duplicate value, or a value that breaks the field's other constraints.",
  example: `externalId: customer
name: Customer
fields:
  - name: support_tier
    fieldtype: string
    constraints:
      maxLength: 8
      enum: [standard, premium, enterprise, premium]
`,
  check(context) {
    for (const schema of context.schemas) {
      walkFields(schema, (node) => {
        const values = node.constraints?.['enum'];
        // Not a list: SCHEMA_STRUCTURE; not accepted by the type: CONSTRAINT_NOT_APPLICABLE.
        if (!Array.isArray(values) || !accepts(node, 'enum')) return;
        const pointer = `${node.pointer}/constraints/enum`;
        if (values.length === 0) {
          context.report(schema.document, pointer, 'the enum is empty: no value would be allowed', {
            field: node.path,
            hint: 'list the allowed values, or remove enum',
          });
          return;
        }
        const seen = new Map<unknown, number>();
        values.forEach((value: unknown, index) => {
          const first = seen.get(value);
          if (first !== undefined) {
            context.report(
              schema.document,
              `${pointer}/${index}`,
              `enum value ${show(value)} is listed twice (first at index ${first})`,
              {
                field: node.path,
                hint: 'remove the duplicate',
              },
            );
            return;
          }
          seen.set(value, index);
          const problem = valueProblem(node, value);
          if (problem !== undefined)
            context.report(schema.document, `${pointer}/${index}`, `enum value ${show(value)} ${problem}`, {
              field: node.path,
            });
        });
      });
    }
  },
};

/** Why the value could never be stored in this field, or undefined when it could. */
function valueProblem(node: FieldNode, value: unknown): string | undefined {
  if (node.fieldtype === 'number') {
    if (typeof value !== 'number') return 'is not a number, and this is a number field';
    const min = numberConstraint(node, 'min');
    const max = numberConstraint(node, 'max');
    if (min !== undefined && value < min) return `is below min ${min}`;
    if (max !== undefined && value > max) return `is above max ${max}`;
    return undefined;
  }
  if (typeof value !== 'string') return `is not a string, and this is ${aFieldOf(node.fieldtype ?? '')}`;
  // Lengths in characters (code points), as a person counts them.
  const length = [...value].length;
  const minLength = integerConstraint(node, 'minLength');
  const maxLength = effectiveMaxLength(node);
  if (minLength !== undefined && length < minLength) return `is shorter than minLength ${minLength}`;
  if (maxLength !== undefined && length > maxLength.value) {
    return `is longer than ${maxLength.implicit ? 'the default ' : ''}maxLength ${maxLength.value}`;
  }
  const pattern = node.constraints?.['pattern'];
  if (typeof pattern === 'string' && compileError(pattern) === undefined && !new RegExp(pattern, 'u').test(value)) {
    return `does not match the pattern ${pattern}`;
  }
  return undefined;
}

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(JSON.stringify(value));
}
