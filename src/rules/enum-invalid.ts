/**
 * ENUM_INVALID: an enum that allows nothing or contradicts itself: empty, with a value twice, or with values
 * that break the field's other constraints (a string value for a number field, a value longer than maxLength,
 * one that does not match the pattern, a number outside min..max). Each bad value is reported at its position.
 * Where the family holds enum titles (`enumTitles`), a title for a value the enum does not hold, titles on a field
 * without an enum, and two values shown with one title (the platform refuses it) are reported too. Where it holds
 * disabled values (`disabledValues`, docs/families.md "Disabled values"), so is a list that names a value the enum
 * does not hold or one value twice, or that stands on a field without an enum. A required field with every value
 * disabled is not refused: the org can hold it (the admin UI allows it), and a pulled file must plan no change.
 */
import { walkFields, type FieldNode } from './field-walk.js';
import { aFieldOf } from './field-type-words.js';
import { accepts, effectiveMaxLength, integerConstraint, numberConstraint } from './numeric-constraints.js';
import { compileError } from './pattern-invalid.js';
import { joinPointer } from '../load/json-pointer.js';
import { quoted, quotedList } from '../model/characters.js';
import type { CheckedRule, RuleContext } from './rule.js';
import { isLoose, type SchemaView } from './schema-view.js';

export const enumInvalid: CheckedRule = {
  id: 'ENUM_INVALID',
  defaultSeverity: 'error',
  description:
    "An empty enum, a duplicate value, a value that breaks the field's other constraints, or enumTitles or disabledValues that do not fit the enum.",
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
      // On a family without titles, FAMILY_TITLE_UNSUPPORTED reports enumTitles as a whole.
      if (context.familyOf(schema.document).holdsTitles)
        walkFields(schema, (node) => checkEnumTitles(context, schema, node));
      // Likewise FAMILY_DISABLED_VALUES_UNSUPPORTED reports disabledValues where the family holds none.
      if (context.familyOf(schema.document).holdsDisabledValues)
        walkFields(schema, (node) => checkDisabledValues(context, schema, node));
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
          // A value that is neither text nor a number JSON can hold (true, null, .nan, .inf) is SCHEMA_STRUCTURE's
          // finding: told again here it would be two diagnostics for one mistake, three when it repeats.
          if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) return;
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

/** `enumTitles`: each names a value of the enum, and no two values are shown with one title. */
function checkEnumTitles(context: RuleContext, schema: SchemaView, node: FieldNode): void {
  const titles = node.value['enumTitles'];
  if (!isLoose(titles)) return;
  const pointer = `${node.pointer}/enumTitles`;
  const values = node.constraints?.['enum'];
  if (!Array.isArray(values)) {
    context.report(schema.document, pointer, 'enumTitles on a field without an enum: there is no value to title', {
      key: true,
      field: node.path,
      hint: 'list the values under constraints.enum, or remove enumTitles',
    });
    return;
  }
  const held = new Set(values.map(String));
  for (const key of Object.keys(titles)) {
    if (held.has(key)) continue;
    context.report(
      schema.document,
      joinPointer(pointer, key),
      `enumTitles names ${quoted(key)}, which is not a value of the enum`,
      {
        key: true,
        field: node.path,
        hint: `title one of ${quotedList(held)}, or remove it`,
      },
    );
  }
  const shownBy = new Map<string, string>();
  for (const value of held) {
    const title = typeof titles[value] === 'string' ? titles[value] : value;
    const first = shownBy.get(title);
    if (first === undefined) {
      shownBy.set(title, value);
      continue;
    }
    const at = Object.hasOwn(titles, value) ? joinPointer(pointer, value) : pointer;
    context.report(schema.document, at, `enum values '${first}' and '${value}' would both be shown as '${title}'`, {
      field: node.path,
      hint: 'give each value its own title (a value without one is shown as itself)',
    });
  }
}

/** `disabledValues`: each a value of the enum, listed once. */
function checkDisabledValues(context: RuleContext, schema: SchemaView, node: FieldNode): void {
  const listed = node.value['disabledValues'];
  // Not a list, or an entry not a string: SCHEMA_STRUCTURE.
  if (!Array.isArray(listed)) return;
  const pointer = `${node.pointer}/disabledValues`;
  const values = node.constraints?.['enum'];
  if (!Array.isArray(values)) {
    context.report(
      schema.document,
      pointer,
      'disabledValues on a field without an enum: there is no value to disable',
      {
        key: true,
        field: node.path,
        hint: 'list the values under constraints.enum, or remove disabledValues',
      },
    );
    return;
  }
  const held = new Set(values.map(String));
  const seen = new Map<string, number>();
  listed.forEach((value: unknown, index) => {
    if (typeof value !== 'string') return;
    const at = `${pointer}/${index}`;
    const first = seen.get(value);
    if (first !== undefined) {
      context.report(
        schema.document,
        at,
        `${quoted(value)} is listed twice in disabledValues (first at index ${first})`,
        {
          field: node.path,
          hint: 'remove the duplicate',
        },
      );
      return;
    }
    seen.set(value, index);
    if (!held.has(value))
      context.report(schema.document, at, `disabledValues names ${quoted(value)}, which is not a value of the enum`, {
        field: node.path,
        hint: `disable one of ${quotedList(held)}, or remove it`,
      });
  });
}

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
  if (typeof value === 'string') return quoted(value);
  // JSON.stringify writes YAML's .nan and .inf as null, which is not what the file says.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return String(JSON.stringify(value));
}
