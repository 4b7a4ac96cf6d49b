/**
 * RECORD_SIZE_LIMIT: the worst-case record (every field present, at its maximum) would exceed the platform's
 * record cap of 100 KB. The platform enforces the cap on records, not on schemas (docs/api-contract.md), so a schema
 * over it deploys fine and then fails on the largest records: a warning, with the overshoot and the heaviest fields.
 * The estimate is an upper bound of the record's JSON size (see record-size-estimate.ts).
 */
import { estimateRecordSize } from './record-size-estimate.js';
import type { CheckedRule } from './rule.js';

export const recordSizeLimit: CheckedRule = {
  id: 'RECORD_SIZE_LIMIT',
  defaultSeverity: 'warning',
  description: 'The worst-case record (every field at its maximum) would exceed the 100 KB record cap.',
  example: `externalId: ticket
name: Ticket
fields:
  - name: notes
    fieldtype: longText
    constraints: { maxLength: 32000 }
  - name: comments
    fieldtype: list
    constraints:
      maxItems: 50
      items: { fieldtype: string, constraints: { maxLength: 1000 } }
`,
  details: [
    'The estimate is an upper bound of `Buffer.byteLength(JSON.stringify(record))` for every record valid under the',
    'schema, where a record is a JSON object of the fields (optional ones may be absent or null). Per value:',
    'string, email, phone, url and longText count 2 + 6 bytes per character of maxLength (their default when unset;',
    'a JSON escape such as `\\u0001` is 6 bytes, and no character costs more), or the longest enum value;',
    'number 25 bytes (the longest JSON number) or the longest enum value; boolean 5; dateTime 40 (an ISO-8601',
    'string with a 6-digit year, nanoseconds and an offset); reference 45 (`{"id":"<uuid>"}`); file 55 + 6 per',
    'byte of its name (maxLength, 255 when unset); list maxItems (100 when unset) items and commas; object its',
    'fields as an object. The message gives the overshoot and the three heaviest top-level fields. A property test',
    'checks the bound against generated records at their maxima.',
  ].join(' '),
  check(context) {
    for (const schema of context.schemas) {
      const limit = schema.limits.maxRecordSizeBytes;
      // The DataSchema families bound each field by its coretype, not a record by its size.
      if (!context.familyOf(schema.document).boundsRecordSize) continue;
      const estimate = estimateRecordSize(schema.fields);
      if (estimate.bytes <= limit) continue;
      const heaviest = estimate.fields
        .slice(0, 3)
        .map((field) => `${field.path} (${formatSize(field.bytes)})`)
        .join(', ');
      context.report(
        schema.document,
        '/fields',
        `a record can reach ${formatSize(estimate.bytes)}, ${formatSize(estimate.bytes - limit)} over the ${formatSize(limit)} limit; heaviest: ${heaviest}`,
        {
          key: true,
          hint: 'lower maxLength or maxItems of the heaviest fields (the estimate counts up to 6 bytes a character, for JSON escapes)',
        },
      );
    }
  },
};

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`;
}
