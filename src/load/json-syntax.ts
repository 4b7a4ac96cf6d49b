/**
 * Where a JSON text first breaks the grammar (RFC 8259), and why. JSON.parse says whether a text is JSON, fast;
 * its messages and positions vary by engine version and sometimes carry no position at all, so on failure this
 * scanner finds the place. Iterative (an explicit stack), so nesting depth cannot overflow the call stack.
 */

export interface JsonSyntaxError {
  offset: number;
  message: string;
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  // What the scanner expects next inside each open container.
  const stack: Array<'object' | 'array'> = [];
  const skipWhitespace = (): void => {
    while (i < text.length && WHITESPACE.has(text.charCodeAt(i))) i++;
  };
  const describe = (): string => (i >= text.length ? 'the end of the file' : `'${text[i]}'`);
  const fail = (expected: string): JsonSyntaxError => ({
    offset: i,
    message: `expected ${expected}, found ${describe()}`,
  });

  const scanString = (): JsonSyntaxError | undefined => {
    i++; // opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c < 0x20) return { offset: i, message: 'control character in a string: escape it (\\n, \\t, \\u00XX)' };
      if (c === 0x5c) {
        const next = text[i + 1];
        if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else return { offset: i, message: 'invalid escape in a string' };
        continue;
      }
      i++;
    }
    return { offset: i, message: 'unterminated string' };
  };

  const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

  /** One value at i; containers are opened on the stack and closed by the main loop. */
  const scanValue = (): JsonSyntaxError | 'opened' | undefined => {
    skipWhitespace();
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push(c === '{' ? 'object' : 'array');
      i++;
      return 'opened';
    }
    if (c === '"') return scanString();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return undefined;
      }
    }
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (match && match[0] !== '' && match[0] !== '-') {
      i += match[0].length;
      return undefined;
    }
    return fail('a value (string, number, object, list, true, false or null)');
  };

  // After a container opens: its first member or its end. After a value inside: a comma or the end.
  let state: 'value' | 'first' | 'after' = 'value';
  for (;;) {
    if (state === 'value' || state === 'first') {
      const top = stack[stack.length - 1];
      skipWhitespace();
      if (state === 'first' && ((top === 'object' && text[i] === '}') || (top === 'array' && text[i] === ']'))) {
        i++;
        stack.pop();
        state = 'after';
        continue;
      }
      if (top === 'object' && state !== 'value') {
        if (text[i] !== '"') return fail('a property name in double quotes');
        const error = scanString();
        if (error) return error;
        skipWhitespace();
        if (text[i] !== ':') return fail("':' after the property name");
        i++;
      }
      const scanned = scanValue();
      if (scanned === 'opened') {
        state = 'first';
        continue;
      }
      if (scanned !== undefined) return scanned;
      state = 'after';
      continue;
    }
    // state === 'after'
    skipWhitespace();
    const top = stack[stack.length - 1];
    if (top === undefined) {
      return i < text.length ? fail('the end of the file after the value') : undefined;
    }
    const close = top === 'object' ? '}' : ']';
    if (text[i] === ',') {
      i++;
      skipWhitespace();
      if (text[i] === close) return { offset: i, message: `trailing comma before '${close}'` };
      // The next member: a property in an object, a value in a list.
      state = top === 'object' ? 'first' : 'value';
      if (top === 'object' && text[i] !== '"') return fail('a property name in double quotes');
      continue;
    }
    if (text[i] === close) {
      i++;
      stack.pop();
      continue;
    }
    return fail(`',' or '${close}'`);
  }
}
