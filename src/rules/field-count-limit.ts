/**
 * FIELD_COUNT_LIMIT: more fields than the platform allows in one schema (50), counting the nested fields of
 * objects at every depth (docs/api-contract.md). A list's item description is not a field of its own.
 */
import { walkFields } from './field-walk.js';
import type { CheckedRule } from './rule.js';

/** 51 one-line fields, five to a line: the smallest file over the default limit. */
function wideSchemaExample(): string {
  const fields = Array.from(
    { length: 51 },
    (_, i) => `{ name: f${String(i + 1).padStart(2, '0')}, fieldtype: boolean }`,
  );
  const lines: string[] = [];
  for (let i = 0; i < fields.length; i += 5) lines.push('  ' + fields.slice(i, i + 5).join(', ') + ',');
  return `externalId: wide\nname: Wide\nfields: [\n${lines.join('\n').replace(/,$/, '')}\n]\n`;
}

export const fieldCountLimit: CheckedRule = {
  id: 'FIELD_COUNT_LIMIT',
  defaultSeverity: 'error',
  description: 'The schema has more fields than the platform allows (50, counting nested fields at every depth).',
  example: wideSchemaExample(),
  check(context) {
    for (const schema of context.schemas) {
      const limit = schema.limits.maxFieldsPerSchema;
      let count = 0;
      let nested = 0;
      walkFields(schema, (node) => {
        if (node.listItem) return;
        count++;
        if (node.depth > 0) nested++;
      });
      if (count <= limit) continue;
      const detail = nested > 0 ? ` (${count - nested} at the top level, ${nested} nested)` : '';
      // Online against a DataSchema org, the limit is its answer: the finding says so, and where it was read.
      const org = schema.limits.org;
      const limitText =
        org === undefined
          ? `the limit of ${limit} per schema`
          : `the org's limit of ${limit} per schema (maxNumberOfFieldsPerSchema of ${org.source})`;
      context.report(schema.document, '/fields', `${count} fields${detail}, over ${limitText}`, {
        key: true,
        hint:
          org === undefined
            ? 'split the schema, or move rarely used fields to a referenced schema (limits.maxFieldsPerSchema in the config if your org allows more)'
            : 'split the schema, or ask for a higher limit',
      });
    }
  },
};
