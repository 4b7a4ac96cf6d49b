/**
 * PATTERN_INVALID: a pattern that does not compile. Patterns are ECMAScript regular expressions with the `u`
 * flag, as JSON Schema defines them, so `\-` outside a class or a lone `{` are errors here too.
 */
import { walkFields } from './field-walk.js';
import type { CheckedRule } from './rule.js';

export const patternInvalid: CheckedRule = {
  id: 'PATTERN_INVALID',
  defaultSeverity: 'error',
  description: 'A pattern that is not a valid regular expression.',
  example: `externalId: customer
name: Customer
fields:
  - name: customer_id
    fieldtype: string
    constraints:
      pattern: "^[A-Z{2}-[0-9]{8}$("
`,
  details:
    'Patterns are ECMAScript regular expressions compiled with the `u` flag, as JSON Schema specifies: `\\-` outside a character class, or an unescaped `{` that is not a quantifier, are errors. In YAML, quote patterns and double the backslashes in double quotes (`"\\\\d"`), or use single quotes (`\'\\d\'`).',
  check(context) {
    for (const schema of context.schemas) {
      walkFields(schema, (node) => {
        const pattern = node.constraints?.['pattern'];
        if (typeof pattern !== 'string') return;
        const error = compileError(pattern);
        if (error === undefined) return;
        context.report(schema.document, `${node.pointer}/constraints/pattern`, `pattern does not compile: ${error}`, {
          field: node.path,
          hint: 'patterns are ECMAScript regular expressions (unicode mode); escape literal brackets and parentheses',
        });
      });
    }
  },
};

/** Why the pattern does not compile, or undefined when it does. */
export function compileError(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 says "Invalid regular expression: /<pattern>/u: <reason>": the pattern is already on screen.
    const reason = /: ([^:]+)$/.exec(message)?.[1];
    return reason ?? message;
  }
}
