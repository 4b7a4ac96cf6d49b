/**
 * A schema's fields as table rows: one row a field, nested fields (an object's fields, a list's items) as
 * rows of their own right below their parent, with every constraint in words, the platform's defaults shown
 * as defaults, enum values listed (a disabled one marked so, docs/families.md "Disabled values"), and references
 * linked to the referenced schema's page.
 */
import { disabledEnumValues } from '../../../model/disabled-values.js';
import { CUSTOM_OBJECTS_FAMILY, type FieldDefaults } from '../../../family/index.js';
import {
  isListItems,
  isObjectItems,
  type FieldConstraints,
  type FieldType,
  type SchemaField,
} from '../../../model/schema.js';
import { esc, isolated, valueHtml, valueText } from './html.js';

export interface FieldRow {
  /** `address.street`, `lines[].item`. */
  path: string;
  depth: number;
  /** HTML. */
  type: string;
  required: boolean;
  /** HTML, one entry a constraint. */
  constraints: string[];
  description?: string;
}

/**
 * Links to a referenced schema's page (relative to the page the rows are shown on), or undefined for a system object.
 */
export type ReferenceLink = (target: string) => string | undefined;

/** `defaults`: the bounds of the schema's family, shown where the file sets none (docs/families.md). */
export function fieldRows(
  fields: readonly SchemaField[],
  link: ReferenceLink,
  defaults: FieldDefaults = CUSTOM_OBJECTS_FAMILY.fieldDefaults,
): FieldRow[] {
  const rows: FieldRow[] = [];
  addFields(fields, '', 0, { link, defaults }, rows);
  return rows;
}

interface RowContext {
  link: ReferenceLink;
  defaults: FieldDefaults;
}

function addFields(
  fields: readonly SchemaField[],
  prefix: string,
  depth: number,
  context: RowContext,
  rows: FieldRow[],
): void {
  for (const field of fields) {
    const path = prefix + field.name;
    rows.push({
      path,
      depth,
      type: typeText(field.fieldtype, field.constraints, context.link),
      required: field.required === true,
      constraints: constraintTexts(
        field.fieldtype,
        field.constraints ?? {},
        context.defaults,
        new Set(disabledEnumValues(field)),
      ),
      ...(field.description === undefined ? {} : { description: field.description }),
    });
    addNested(field.fieldtype, field.constraints ?? {}, path, depth, context, rows);
  }
}

function addNested(
  fieldtype: FieldType,
  c: FieldConstraints,
  path: string,
  depth: number,
  context: RowContext,
  rows: FieldRow[],
): void {
  if (fieldtype === 'object' && isObjectItems(c.items)) addFields(c.items.fields, `${path}.`, depth + 1, context, rows);
  if (fieldtype === 'list' && isListItems(c.items)) {
    const items = c.items;
    const itemPath = `${path}[]`;
    if (items.fieldtype === 'object' && isObjectItems(items.constraints?.items)) {
      addFields(items.constraints.items.fields, `${itemPath}.`, depth + 1, context, rows);
    } else {
      rows.push({
        path: itemPath,
        depth: depth + 1,
        type: typeText(items.fieldtype, items.constraints, context.link),
        required: false,
        constraints: constraintTexts(items.fieldtype, items.constraints ?? {}, context.defaults),
        description: 'each item',
      });
    }
  }
}

function typeText(fieldtype: FieldType, c: FieldConstraints = {}, link: ReferenceLink): string {
  if (fieldtype === 'reference') {
    const target = c.referencedType ?? '?';
    const href = link(target);
    return href === undefined
      ? `reference → <span class="system">${esc(target)}</span>`
      : `reference → <a href="${esc(href)}">${esc(target)}</a>`;
  }
  if (fieldtype === 'list' && isListItems(c.items)) {
    const items = c.items;
    const inner =
      items.fieldtype === 'reference' ? typeText('reference', items.constraints, link) : esc(items.fieldtype);
    return `list of ${inner}`;
  }
  return esc(fieldtype);
}

function constraintTexts(
  fieldtype: FieldType,
  c: FieldConstraints,
  defaults: FieldDefaults,
  disabled: ReadonlySet<string> = new Set(),
): string[] {
  const out: string[] = [];
  const named = (name: string, value: unknown): string => `${name} <code>${esc(valueText(value))}</code>`;
  const defaulted = (name: string, value: number): string =>
    `${name} <code>${value}</code> <span class="default">(default)</span>`;
  // A tag's lengths are each tag's, as a list's item row says of each item.
  const each = fieldtype === 'tag' ? 'each ' : '';
  if (c.minLength !== undefined) out.push(named(`${each}minLength`, c.minLength));
  const defaultMax = defaults.maxLength(fieldtype);
  if (c.maxLength !== undefined)
    out.push(named(fieldtype === 'file' ? 'maxLength (bytes of the name)' : `${each}maxLength`, c.maxLength));
  else if (defaultMax !== undefined) out.push(defaulted(`${each}maxLength`, defaultMax));
  if (c.pattern !== undefined) out.push(`pattern <code>${isolated(c.pattern)}</code>`);
  if (c.min !== undefined) out.push(named('min', c.min));
  if (c.max !== undefined) out.push(named('max', c.max));
  if (fieldtype === 'list' || fieldtype === 'tag') {
    if (c.minItems !== undefined) out.push(named('minItems', c.minItems));
    out.push(c.maxItems !== undefined ? named('maxItems', c.maxItems) : defaulted('maxItems', defaults.maxItems));
    if (defaults.uniqueItems) out.push('items distinct');
  }
  const enumValue = (value: string | number): string =>
    `<code class="enum">${valueHtml(value)}</code>` +
    (disabled.has(String(value)) ? ' <span class="meta">(disabled)</span>' : '');
  if (c.enum !== undefined) out.push(`one of ${c.enum.map(enumValue).join(' ')}`);
  return out;
}
