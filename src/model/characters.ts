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
