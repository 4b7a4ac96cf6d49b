/**
 * Text lengths as the platform counts them: in characters (code points), so that an emoji is one, not the two
 * UTF-16 units of `length` (docs/targets.md "Limits"). Counted without the array a spread would make: online
 * validation counts every name, title and description of every file.
 */
export function characterCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character; a lone surrogate counts as one, as a spread does.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/**
 * Where a name that must be ASCII holds a character that is not, said by its code point: a Cyrillic `а` looks like
 * `a`, and a zero-width space shows as nothing, so a message that quotes the name alone shows nothing wrong.
 * Undefined when every character is printable ASCII.
 */
export function nonAsciiNote(text: string): string | undefined {
  let position = 0;
  for (const character of text) {
    position++;
    const code = character.codePointAt(0)!;
    if (code >= 0x20 && code <= 0x7e) continue;
    const hex = code.toString(16).toUpperCase().padStart(4, '0');
    return `character ${position} is U+${hex}, not ASCII: a look-alike of a letter, or an invisible character`;
  }
  return undefined;
}

/**
 * A text from a file, quoted in a message and cut to `max` characters: a key or value may be a pasted blob of a
 * megabyte, and each message that quoted it whole printed it whole. Cut by code points, never inside one. Its line
 * breaks are shown as `\n` and `\r`: a line of its own in the output would be the file's, and a CI log reads a line
 * that starts with `::` as a workflow command (an annotation, a mask, the end of all commands).
 */
export function quoted(text: string, max = 80): string {
  const shown = characterCount(text) <= max ? text : `${[...text].slice(0, max - 3).join('')}...`;
  return `'${shown.replaceAll('\n', '\\n').replaceAll('\r', '\\r')}'`;
}

/**
 * Texts from a file, each quoted as `quoted` does, listed up to `max` of them and the rest counted: an enum of a
 * thousand values named in a hint was a thousand values on the terminal.
 */
export function quotedList(texts: Iterable<string>, max = 10): string {
  const all = [...texts];
  const shown = all.slice(0, max).map((text) => quoted(text));
  return all.length > max ? `${shown.join(', ')} and ${all.length - max} more` : shown.join(', ');
}
