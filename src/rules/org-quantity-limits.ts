/**
 * ORG_TEXT_LIMIT and ORG_FIELD_LIMIT: what a DataSchema org's own /limits bound and the file format cannot, checked
 * online only, at the org's values (docs/targets.md "Limits", docs/deploying.md "The org's limits"):
 *
 * - ORG_TEXT_LIMIT: the length of the schema's name and description, and of each field's name (the name part of
 *   its property key), title (its name where it has none: that is the title the write carries, wire.ts) and
 *   description, against `min/max...Characters`. Reported at the value.
 * - ORG_FIELD_LIMIT: the fields of the family's schemas in the whole org, the org's other schemas plus the files',
 *   against `maxNumberOfFieldsPerOrg`; reported on each schema that adds fields, at its `fields`.
 *
 * Neither is a rule of docs/rules.md: like ORG_SCHEMA_LIMIT they say what the org allows, which no file alone
 * shows, and the platform refuses the write whatever a config says. Lengths are counted in code points, as the
 * platform counts them (an emoji is one character).
 */
import { characterCount } from '../model/characters.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { SchemaDocument } from '../model/document.js';
import { MAX_FIELD_DESCRIPTION_CHARACTERS } from '../family/data-schema/field-description-limit.js';
import { SCHEMA_FILE_JSON_SCHEMA } from '../model/file-format.js';
import type { OrgQuantityLimits, QuantityLimitKey } from '../model/quantity-limits.js';
import { isLoose, type SchemaView } from './schema-view.js';

export const ORG_TEXT_LIMIT = 'ORG_TEXT_LIMIT';
export const ORG_FIELD_LIMIT = 'ORG_FIELD_LIMIT';

/** The org's schemas as the check reads them: their field counts, by externalId. */
export type RemoteFieldCounts = ReadonlyMap<string, { fields?: number }>;

const FILE = SCHEMA_FILE_JSON_SCHEMA;
interface Bounds {
  min: number;
  max: number;
}

/**
 * What offline validation takes of each text, whose values past it SCHEMA_STRUCTURE (the file format's lengths, a
 * field name's IDENTIFIER_PATTERN) or FAMILY_CONSTRAINT_UNSUPPORTED (a field's description) already reports: one
 * finding for one value.
 */
const OFFLINE = {
  schemaName: { min: FILE.properties.name.minLength, max: FILE.properties.name.maxLength },
  schemaDescription: { min: 0, max: FILE.properties.description.maxLength },
  fieldName: { min: 1, max: 64 },
  fieldTitle: {
    min: FILE.definitions.field.properties.title.minLength,
    max: FILE.definitions.field.properties.title.maxLength,
  },
  fieldDescription: { min: 0, max: MAX_FIELD_DESCRIPTION_CHARACTERS },
} satisfies Record<string, Bounds>;

export function orgQuantityFindings(
  schemas: readonly SchemaView[],
  remote: RemoteFieldCounts | undefined,
): Diagnostic[] {
  const findings: Diagnostic[] = [];
  const checked = schemas.filter((schema) => schema.limits.org !== undefined);
  for (const schema of checked) textFindings(schema, schema.limits.org!, findings);
  const first = checked[0];
  if (first !== undefined && remote !== undefined) fieldCountFindings(checked, first.limits.org!, remote, findings);
  return findings;
}

function textFindings(schema: SchemaView, org: OrgQuantityLimits, findings: Diagnostic[]): void {
  const { document, value } = schema;
  const check = (
    text: unknown,
    pointer: string,
    what: string,
    [low, high]: readonly [QuantityLimitKey, QuantityLimitKey],
    offline: Bounds,
    field?: string,
  ): void => {
    if (typeof text !== 'string') return;
    const n = characterCount(text);
    const min = org.values[low];
    const max = org.values[high];
    if (n >= min && n <= max) return;
    // Past what the file format (or the family) takes offline, the value already has its finding there.
    if (n < offline.min || n > offline.max) return;
    const over = n > max;
    const finding = diagnostic(
      document,
      pointer,
      ORG_TEXT_LIMIT,
      over
        ? `${what} is ${n} characters, over the org's limit of ${max} (${high} of ${org.source})`
        : `${what} is ${n} characters, under the org's minimum of ${min} (${low} of ${org.source})`,
      over ? `shorten it to ${max} characters or fewer` : `lengthen it to at least ${min} characters`,
      schema.externalId,
    );
    if (field !== undefined) finding.field = field;
    findings.push(finding);
  };
  check(
    value['name'],
    '/name',
    "the schema's name",
    ['minSchemaNameCharacters', 'maxSchemaNameCharacters'],
    OFFLINE.schemaName,
  );
  check(
    value['description'],
    '/description',
    "the schema's description",
    ['minSchemaDescriptionCharacters', 'maxSchemaDescriptionCharacters'],
    OFFLINE.schemaDescription,
  );
  // The DataSchema families hold no nested fields (FAMILY_TYPE_UNSUPPORTED): the top level is every field.
  schema.fields.forEach((field, index) => {
    if (!isLoose(field)) return;
    const pointer = `/fields/${index}`;
    const name = field['name'];
    const path = typeof name === 'string' ? name : undefined;
    check(
      name,
      `${pointer}/name`,
      "the field's name",
      ['minFieldNameCharacters', 'maxFieldNameCharacters'],
      OFFLINE.fieldName,
      path,
    );
    const titled = typeof field['title'] === 'string';
    check(
      titled ? field['title'] : name,
      `${pointer}/${titled ? 'title' : 'name'}`,
      titled ? "the field's title" : "the field's title (its name, as it sets none)",
      ['minFieldTitleCharacters', 'maxFieldTitleCharacters'],
      titled ? OFFLINE.fieldTitle : OFFLINE.fieldName,
      path,
    );
    check(
      field['description'],
      `${pointer}/description`,
      "the field's description",
      ['minFieldDescriptionCharacters', 'maxFieldDescriptionCharacters'],
      OFFLINE.fieldDescription,
      path,
    );
  });
}

/**
 * The org's fields once the files are deployed: each file's schema replaces the org's schema of its externalId
 * (the platform counts current versions), and the org's other schemas stay as they are.
 */
function fieldCountFindings(
  schemas: readonly SchemaView[],
  org: OrgQuantityLimits,
  remote: RemoteFieldCounts,
  findings: Diagnostic[],
): void {
  const max = org.values.maxNumberOfFieldsPerOrg;
  const files = new Map<string, SchemaView>();
  for (const schema of schemas)
    if (schema.externalId !== undefined && !files.has(schema.externalId)) files.set(schema.externalId, schema);
  let others = 0;
  for (const [externalId, held] of remote) if (!files.has(externalId)) others += held.fields ?? 0;
  const filed = [...files.values()].reduce((sum, schema) => sum + schema.fields.length, 0);
  const total = others + filed;
  if (total <= max) return;
  for (const [externalId, schema] of files) {
    const before = remote.get(externalId)?.fields ?? 0;
    if (schema.fields.length <= before) continue;
    findings.push(
      diagnostic(
        schema.document,
        '/fields',
        ORG_FIELD_LIMIT,
        `these files would leave the org with ${total} fields in its schemas of this family, over the org's limit of ${max} (maxNumberOfFieldsPerOrg of ${org.source}); this schema adds ${schema.fields.length - before}`,
        `deploy ${total - max === 1 ? 'one field' : `${total - max} fields`} fewer, remove fields the org no longer needs where the family allows it, or ask for a higher limit`,
        externalId,
        true,
      ),
    );
  }
}

function diagnostic(
  document: SchemaDocument,
  pointer: string,
  ruleId: string,
  message: string,
  hint: string,
  schema: string | undefined,
  key = false,
): Diagnostic {
  const position = document.locate(pointer, key ? { key: true } : undefined);
  const finding: Diagnostic = {
    ruleId,
    severity: 'error',
    message,
    file: document.file,
    line: position.line,
    column: position.column,
    hint,
  };
  if (schema !== undefined) finding.schema = schema;
  return finding;
}
