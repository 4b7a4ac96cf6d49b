/**
 * The glob dialect of `schemas:` in the config and of paths on the command line: `**` spans folders, `*` and `?`
 * stay within one name, `{a,b}` lists alternatives, `[...]` is a character class. Matched against paths
 * relative to a base folder, with `/` separators.
 */

import { UsageError } from '../model/errors.js';

const MAGIC = /[*?[\]{}]/;

export function hasGlobMagic(pattern: string): boolean {
  return MAGIC.test(pattern);
}

/** The leading folders of a pattern that hold no magic: where a walk can start. */
export function globBase(pattern: string): string {
  const segments = normalize(pattern).split('/');
  const fixed: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (hasGlobMagic(segment)) break;
    fixed.push(segment);
  }
  return fixed.join('/');
}

export function globToRegExp(pattern: string): RegExp {
  const source = normalize(pattern);
  let out = '';
  let braceDepth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '*') {
      if (source[i + 1] === '*') {
        const atSegmentStart = i === 0 || source[i - 1] === '/';
        const atSegmentEnd = i + 2 === source.length || source[i + 2] === '/';
        if (atSegmentStart && atSegmentEnd) {
          // `**/` matches zero or more folders; a trailing `**` matches everything below.
          if (source[i + 2] === '/') {
            out += '(?:[^/]*/)*';
            i += 2;
          } else {
            out += '.*';
            i += 1;
          }
          continue;
        }
        i += 1;
      }
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const end = source.indexOf(']', i + 1);
      if (end === -1) {
        out += '\\[';
      } else {
        let body = source.slice(i + 1, end);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        const characterClass = `[${body.replace(/\\/g, '\\\\')}]`;
        // A class the regular expression refuses (`[z-a]`, a range out of order) is the user's mistake, to be
        // told as such, not an internal error with a stack.
        try {
          new RegExp(characterClass);
        } catch (error) {
          const reason = error instanceof Error ? (/: ([^:]*)$/.exec(error.message)?.[1] ?? '') : '';
          throw new UsageError(
            `invalid glob ${pattern}: ${reason === '' ? 'invalid character class' : reason.toLowerCase()} [${source.slice(i + 1, end)}]`,
            { hint: 'a range in [...] runs from the lower character to the higher: [a-z], [0-9]' },
          );
        }
        out += characterClass;
        i = end;
      }
    } else if (c === '{') {
      braceDepth++;
      out += '(?:';
    } else if (c === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
    } else if (c === ',' && braceDepth > 0) {
      out += '|';
    } else {
      out += c.replace(/[.+^$()|\\{}]/g, '\\$&');
    }
  }
  while (braceDepth-- > 0) out += ')';
  return new RegExp(`^${out}$`);
}

function normalize(pattern: string): string {
  return pattern.replace(/\\/g, '/').replace(/^\.\//, '');
}
