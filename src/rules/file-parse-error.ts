/**
 * FILE_PARSE_ERROR: the file is not a YAML or JSON document the tool can read. Reported by the loader (there is
 * no value to check yet), with the parser's position: syntax errors, duplicate keys, several documents in one
 * file, an empty file, binary or non-UTF-8 content, a file over 5 MB, nesting over 64 levels, alias bombs, YAML
 * tags.
 */
import { FILE_PARSE_ERROR } from '../load/schema-loader.js';
import type { LoaderRule } from './rule.js';

export const fileParseError: LoaderRule = {
  id: FILE_PARSE_ERROR,
  defaultSeverity: 'error',
  description: 'The file is not valid YAML or JSON (or is empty, binary, not UTF-8, too large or too deeply nested).',
  example: `externalId: customer
name: Customer
fields:
  - name: email
    fieldtype: email
  - name: email
    name: phone
`,
  details: [
    'Limits that keep broken or hostile input cheap: a file over 5 MB is reported at 1:1 without being parsed;',
    'nesting deeper than 64 levels (aliases followed) and aliases that expand more than 100 times (a "billion',
    'laughs" bomb) or contain themselves are refused. A file holds one schema: several YAML documents (`---`) are',
    'an error. JSON files are checked by a JSON parser first, so YAML-only syntax in a `.json` file is reported.',
  ].join(' '),
  reportedBy: 'loader',
};
