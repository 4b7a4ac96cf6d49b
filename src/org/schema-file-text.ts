/**
 * A schema of the org as the text of a schema file (docs/file-format.md): what `pull` writes. The text is a
 * function of the schema alone, so that pulling an org that did not change writes the same bytes again:
 *
 * - keys in one order (the order docs/file-format.md lists them), fields in the org's order;
 * - only what differs from the platform's defaults: no `required: false`, no empty constraints or description,
 *   no maxLength or maxItems equal to the default an unset one stands for, no `status: PUBLISHED` (exactly the
 *   defaults plan's comparison treats as unset, so that leaving one out is never a change);
 * - a header naming the org, the version and the date the version was written (not the time of the pull).
 *
 * `plan` compares with the same normal form (src/family/custom-objects/content-equality.ts), so a pulled file
 * plans no change.
 */
import { stringify } from 'yaml';
import { disabledEnumValues } from '../model/disabled-values.js';
import { explicitEnumTitles, explicitTitle } from '../model/display-titles.js';
import { CONSTRAINT_NAMES, DEFAULT_MAX_ITEMS, FIELD_TYPE_FACTS, type FieldTypeFacts } from '../model/field-types.js';
import {
  isListItems,
  isObjectItems,
  type FieldConstraints,
  type FieldType,
  type RemoteSchema,
  type SchemaField,
} from '../model/schema.js';

export interface SchemaFileHeader {
  /** Where the schema came from, e.g. `customobjects at mypurecloud.ie`. */
  org: string;
  /** The path of the file format's JSON Schema, relative to the file, for the YAML language server. */
  schemaRef: string;
  /** The family to name in the file (`target:`), so that it deploys where it came from; absent for custom objects. */
  target?: string;
}

/** How the first line of a pulled file starts: the YAML language server's pointer to the file format. */
export const EDITOR_LINE_START = '# yaml-language-server: $schema=';

// eslint-disable-next-line no-control-regex
const LINE_BREAKING = /[\u0000-\u001f\u007f]/g;

export function schemaFileText(
  schema: RemoteSchema,
  header: SchemaFileHeader,
  body: Record<string, unknown> = schemaFileBody(schema, header),
): string {
  // The org's values in a comment are one line each: a line break in one would start YAML of its own. And
  // well-formed: a lone surrogate reaches the file as U+FFFD, so the text would never again be what is on disk,
  // and the next pull would take the file for one changed since.
  const line = (text: string): string => text.replace(LINE_BREAKING, ' ').replace(/\p{Cs}/gu, '\uFFFD');
  const lines = [
    `${EDITOR_LINE_START}${line(header.schemaRef)}`,
    line(
      `# Pulled from ${header.org}: ${schema.externalId} version ${schema.version}, ${schema.status}, written ${schema.dateModified}.`,
    ),
  ];
  // What the file cannot say is said beside it, so that whoever reads or commits the file knows it is not the
  // whole schema, and why a plan blocks every write to it.
  const { leftOut, readDifferently } = unreadParts(schema);
  if (leftOut.length > 0)
    lines.push(
      line(
        `# Left out, as cxschema cannot read them (a plan blocks writes to this schema while the org holds them): ${leftOut.join(', ')}.`,
      ),
    );
  if (readDifferently.length > 0)
    lines.push(
      line(
        `# In this file, but not as the org holds them (a plan blocks writes to this schema while the org holds them so): ${readDifferently.join(', ')}.`,
      ),
    );
  return `${lines.join('\n')}\n${stringify(body, { lineWidth: 0, indentSeq: true })}`;
}

/**
 * The org's `unread` entries in two: those the file leaves out, and those it holds otherwise than the org does
 * (`readDifferently`), which a file must not call left out.
 */
export function unreadParts(schema: Pick<RemoteSchema, 'unread' | 'readDifferently'>): {
  leftOut: string[];
  readDifferently: string[];
} {
  const differently = new Set(schema.readDifferently ?? []);
  const unread = schema.unread ?? [];
  return {
    leftOut: unread.filter((entry) => !differently.has(entry)),
    readDifferently: unread.filter((entry) => differently.has(entry)),
  };
}

/**
 * The file's contents as data: what schemaFileText writes below its comments, for a check before writing (and what
 * a rollback's contents are validated as, restored-findings.ts).
 */
export function schemaFileBody(
  schema: Pick<RemoteSchema, 'externalId' | 'name' | 'title' | 'description' | 'status' | 'fields'>,
  header: Pick<SchemaFileHeader, 'target'>,
): Record<string, unknown> {
  const body: Record<string, unknown> = { externalId: schema.externalId, name: schema.name };
  const title = explicitTitle(schema.title, schema.name);
  if (title !== undefined) body['title'] = title;
  if (header.target !== undefined) body['target'] = header.target;
  if (schema.description !== undefined && schema.description !== '') body['description'] = schema.description;
  if (schema.status !== 'PUBLISHED') body['status'] = schema.status;
  body['fields'] = schema.fields.map(fieldEntry);
  return body;
}

function fieldEntry(field: SchemaField): Record<string, unknown> {
  const entry: Record<string, unknown> = { name: field.name, fieldtype: field.fieldtype };
  const title = explicitTitle(field.title, field.name);
  if (title !== undefined) entry['title'] = title;
  if (field.description !== undefined && field.description !== '') entry['description'] = field.description;
  if (field.required === true) entry['required'] = true;
  const constraints = constraintEntries(field.fieldtype, field.constraints);
  if (constraints !== undefined) entry['constraints'] = constraints;
  const enumTitles = explicitEnumTitles(field);
  if (enumTitles !== undefined) entry['enumTitles'] = enumTitles;
  // Only where a value is disabled: the file of an org without disabled values reads as it always did.
  const disabled = disabledEnumValues(field);
  if (disabled !== undefined) entry['disabledValues'] = disabled;
  return entry;
}

function constraintEntries(
  fieldtype: FieldType,
  constraints: FieldConstraints | undefined,
): Record<string, unknown> | undefined {
  if (constraints === undefined) return undefined;
  // A type the file format does not know has no facts: its constraints are written as they are.
  const facts = FIELD_TYPE_FACTS[fieldtype] as FieldTypeFacts | undefined;
  const out: Record<string, unknown> = {};
  for (const key of CONSTRAINT_NAMES) {
    const value = constraints[key];
    if (value === undefined) continue;
    if (key === 'maxLength' && value === facts?.defaultMaxLength) continue;
    if (key === 'maxItems' && fieldtype === 'list' && value === DEFAULT_MAX_ITEMS) continue;
    if (key === 'items') out[key] = itemsEntry(value);
    else out[key] = value;
  }
  // Keys the file format does not know are kept, after the known ones, so that nothing the org holds is lost.
  for (const key of Object.keys(constraints).sort()) {
    if (
      !(CONSTRAINT_NAMES as readonly string[]).includes(key) &&
      constraints[key as keyof FieldConstraints] !== undefined
    ) {
      out[key] = constraints[key as keyof FieldConstraints];
    }
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function itemsEntry(items: unknown): unknown {
  if (isObjectItems(items)) return { fields: items.fields.map(fieldEntry) };
  if (isListItems(items)) {
    const entry: Record<string, unknown> = { fieldtype: items.fieldtype };
    const constraints = constraintEntries(items.fieldtype, items.constraints);
    if (constraints !== undefined) entry['constraints'] = constraints;
    return entry;
  }
  return items;
}
