/**
 * Caps that keep hostile or broken input from costing time or memory (docs/architecture.md: bad input gets a
 * diagnostic, never a hang or an out-of-memory crash). A real schema file is a few kilobytes, a dozen levels deep, and
 * uses aliases sparingly, if at all; each cap is far above that.
 */

/** Files larger than this get FILE_PARSE_ERROR "too large" without being read further (5 MiB). */
export const MAX_SOURCE_BYTES = 5 * 1024 * 1024;

/** Deepest nesting of mappings and sequences accepted in a file, aliases followed. */
export const MAX_SOURCE_DEPTH = 64;

/** Alias expansions allowed while building a file's value (the yaml library's guard against billion laughs). */
export const MAX_ALIAS_COUNT = 100;

/** Parse errors reported for one file: past a few, the rest are usually echoes of the first. */
export const MAX_PARSE_PROBLEMS_PER_FILE = 10;
