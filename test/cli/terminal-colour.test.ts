/** When a stream gets colour (src/cli/terminal.ts `colourWanted`): --no-color, NO_COLOR, FORCE_COLOR, a terminal. */
import { describe, expect, it } from 'vitest';
import { colourWanted } from '../../src/cli/terminal.js';

describe('colour', () => {
  it('follows the terminal when neither NO_COLOR nor FORCE_COLOR is set', () => {
    expect(colourWanted({}, true, true)).toBe(true);
    expect(colourWanted({}, false, true)).toBe(false);
  });

  it('is never used with --no-color or a NO_COLOR of any value but empty, whatever FORCE_COLOR says', () => {
    expect(colourWanted({}, true, false)).toBe(false);
    expect(colourWanted({ NO_COLOR: '1', FORCE_COLOR: '1' }, true, true)).toBe(false);
    expect(colourWanted({ NO_COLOR: '' }, true, true)).toBe(true);
  });

  it('is turned off by FORCE_COLOR 0 or false even on a terminal, and on by any other value off one', () => {
    for (const off of ['0', 'false', 'FALSE']) expect(colourWanted({ FORCE_COLOR: off }, true, true)).toBe(false);
    for (const on of ['', '1', '2', '3', 'true']) expect(colourWanted({ FORCE_COLOR: on }, false, true)).toBe(true);
  });
});
