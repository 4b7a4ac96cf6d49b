/**
 * Text to value, keeping the way back from any node to its line and column (found on demand, see lazyLocator).
 * YAML and JSON both go through the yaml library (JSON is YAML 1.2), so both get positions; JSON is first checked
 * by JSON.parse so that a JSON file with YAML-only syntax is reported as the JSON error it is.
 *
 * Nothing here throws on bad input: every problem comes back as data with a position.
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type YAMLError,
} from 'yaml';
import type { SourcePosition } from '../model/document.js';
import { findJsonSyntaxError } from './json-syntax.js';
import { withPlainEnvironment } from './plain-environment.js';
import { createLocator, type Locate } from './source-locator.js';
import { MAX_ALIAS_COUNT, MAX_PARSE_PROBLEMS_PER_FILE, MAX_SOURCE_DEPTH } from './source-limits.js';

export type SourceFormat = 'yaml' | 'json';

export interface ParseProblem {
  message: string;
  position: SourcePosition;
  hint?: string;
}

export type ParsedSource = { ok: true; value: unknown; locate: Locate } | { ok: false; problems: ParseProblem[] };

export function parseSource(source: string, format: SourceFormat): ParsedSource {
  // A lone carriage return ends a line in YAML 1.2 (and is whitespace in JSON), but the yaml library and the line
  // counts here only break at \n: a file saved with old Mac line endings read as one long line, so a valid file
  // was refused and every position was on line 1. One character for another keeps every offset as it was.
  const text = source.replace(/\r(?!\n)/g, '\n');
  if (text.trim() === '') return failure({ message: 'empty file: no schema in it', position: { line: 1, column: 1 } });

  if (format === 'json') {
    const problem = checkJsonSyntax(text);
    if (problem) return failure(problem);
  }

  const { document, lineCounter } = parseYaml(text);
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: Math.max(1, line), column: Math.max(1, col) };
  };

  if (document.errors.length > 0) return failure(...describeYamlErrors(document.errors, text, at, format));
  if (document.contents === null) {
    return failure({ message: 'empty file: only comments, no schema in it', position: { line: 1, column: 1 } });
  }

  const tagProblems = checkTags(document, text, at);
  if (tagProblems.length > 0) return failure(...tagProblems);

  const unresolved = unresolvedAlias(document, text);
  if (unresolved !== undefined) return failure({ ...unresolved, position: at(unresolved.offset) });

  const depthProblem = checkDepth(document, at);
  if (depthProblem) return failure(depthProblem);

  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const aliasOffset = firstAliasOffset(document);
    return failure({
      message:
        error instanceof ReferenceError
          ? `aliases expand too much (more than ${MAX_ALIAS_COUNT} expansions): refused as a resource exhaustion attack`
          : `cannot build the value: ${error instanceof Error ? error.message : String(error)}`,
      position: aliasOffset === undefined ? { line: 1, column: 1 } : at(aliasOffset),
      hint: 'write the repeated parts out, or use fewer aliases',
    });
  }
  return { ok: true, value, locate: lazyLocator(text) };
}

/** The syntax tree of `text`, with the line starts that turn its offsets into positions. */
function parseYaml(text: string): { document: Document.Parsed; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  const document = withPlainEnvironment(() =>
    parseDocument(text, {
      lineCounter,
      prettyErrors: false,
      strict: true,
      uniqueKeys: true,
      // Keys that are not scalars are errors rather than stringified with a process warning.
      stringKeys: true,
      // !!binary, !!omap, !!pairs, !!set and !!timestamp would build bytes, Maps, Sets and Dates, which no rule
      // knows: a Map of constraints passed as no constraints at all. Unresolved, they are refused by checkTags.
      resolveKnownTags: false,
      logLevel: 'error',
    }),
  );
  return { document, lineCounter };
}

/**
 * Positions are found on demand: the syntax tree is dropped once the value is built and made again, from the
 * same text, the first time a finding in this file asks where a node is. Most files have no finding, and a
 * tree costs some thirty times its text in memory; the second parse of a file with findings is the price.
 */
function lazyLocator(text: string): Locate {
  let locate: Locate | undefined;
  return (pointer, options) => {
    if (locate === undefined) {
      const { document, lineCounter } = parseYaml(text);
      locate = createLocator(document, lineCounter);
    }
    return locate(pointer, options);
  };
}

function failure(...problems: ParseProblem[]): ParsedSource {
  return { ok: false, problems };
}

/** JSON.parse's verdict; on failure, the first syntax error's own position and reason. */
function checkJsonSyntax(text: string): ParseProblem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const found = findJsonSyntaxError(text);
    if (found) return { message: `invalid JSON: ${found.message}`, position: positionOfOffset(text, found.offset) };
    const raw = error instanceof Error ? error.message : String(error);
    return { message: `invalid JSON: ${firstLine(raw).slice(0, 200)}`, position: { line: 1, column: 1 } };
  }
}

function positionOfOffset(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

function describeYamlErrors(
  errors: readonly YAMLError[],
  text: string,
  at: (offset: number) => SourcePosition,
  format: SourceFormat,
): ParseProblem[] {
  // A file that exhausts the parser is broken through and through: the exhaustion is the one thing to say.
  const exhausted = errors.filter((error) => error.code === 'RESOURCE_EXHAUSTION');
  if (exhausted.length > 0) errors = [exhausted.reduce((a, b) => (a.pos[0] <= b.pos[0] ? a : b))];
  const problems: ParseProblem[] = [];
  const seenCodes = new Set<string>();
  // Sorted by position: the yaml library reports some errors innermost first.
  const sorted = [...errors].sort((a, b) => a.pos[0] - b.pos[0]);
  for (const error of sorted) {
    // One report per kind of exhaustion: a deep file fails at every level.
    if (error.code === 'RESOURCE_EXHAUSTION' || error.code === 'MULTIPLE_DOCS') {
      if (seenCodes.has(error.code)) continue;
    }
    seenCodes.add(error.code);
    problems.push(describeYamlError(error, text, at, format));
    if (problems.length >= MAX_PARSE_PROBLEMS_PER_FILE) break;
  }
  return problems;
}

function describeYamlError(
  error: YAMLError,
  text: string,
  at: (offset: number) => SourcePosition,
  format: SourceFormat,
): ParseProblem {
  const position = at(error.pos[0]);
  switch (error.code) {
    case 'DUPLICATE_KEY': {
      // The error's range may cover only the key's first character: read on to the end of the key.
      const key =
        /^("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\n]*?)\s*(?::|$)/m
          .exec(text.slice(error.pos[0], error.pos[0] + 200))?.[1]
          ?.trim()
          .replace(/^(["'])(.*)\1$/, '$2') ?? '';
      return {
        message: `duplicate key${key ? ` '${key.length > 60 ? key.slice(0, 57) + '...' : key}'` : ''}: a mapping's keys must be unique`,
        position,
        hint: 'remove or rename one of the two',
      };
    }
    case 'MULTIPLE_DOCS':
      return {
        message: 'several YAML documents in one file: a file holds one schema',
        position,
        hint: 'split the file at each ---',
      };
    case 'RESOURCE_EXHAUSTION':
      return { message: `nested too deeply to parse (more than ${MAX_SOURCE_DEPTH} levels are refused)`, position };
    default:
      return { message: `invalid ${format === 'json' ? 'JSON' : 'YAML'}: ${firstLine(error.message)}`, position };
  }
}

function firstLine(message: string): string {
  const newline = message.indexOf('\n');
  return newline === -1 ? message : message.slice(0, newline);
}

/**
 * An alias that names no anchor before it (`*base` misspelt, or used above `&base`). The yaml library lets it
 * through the parse and throws a ReferenceError as it builds the value, the same error as for an alias bomb, so it
 * is found first, to be told as what it is.
 */
function unresolvedAlias(document: Document.Parsed, text: string): { message: string; offset: number } | undefined {
  if (!text.includes('*')) return undefined;
  let found: { message: string; offset: number } | undefined;
  visit(document, {
    Alias(_key, node) {
      if (node.resolve(document) !== undefined) return undefined;
      found = {
        message: `alias *${node.source} names no anchor: an anchor (&${node.source}) must come before its aliases`,
        offset: node.range?.[0] ?? 0,
      };
      return visit.BREAK;
    },
  });
  return found;
}

/** The tags of YAML's core schema: those that build plain JSON values. */
const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`),
);

/**
 * A schema file holds plain values. The yaml library only warns of a tag it cannot resolve (`!Ref x`, `!!int x`)
 * and then builds the value as if the tag were not there, so what the file says would be silently lost. Under a
 * `%YAML 1.1` directive the 1.1 types resolve (bytes, ordered maps, sets, dates, an unquoted date included):
 * none has a JSON form, so each is refused at its node.
 */
function checkTags(document: Document.Parsed, text: string, at: (offset: number) => SourcePosition): ParseProblem[] {
  const found: Array<{ offset: number; problem: ParseProblem }> = [];
  for (const warning of document.warnings) {
    if (warning.code !== 'TAG_RESOLVE_FAILED' && warning.code !== 'BAD_COLLECTION_TYPE') continue;
    const token = text.slice(warning.pos[0], warning.pos[1]);
    const resolved = token.startsWith('!!') ? `tag:yaml.org,2002:${token.slice(2)}` : token;
    found.push({
      offset: warning.pos[0],
      problem: CORE_TAGS.has(resolved)
        ? {
            message: `the value does not fit its tag ${token}`,
            position: at(warning.pos[0]),
            hint: 'remove the tag, or write a value of its kind',
          }
        : unplainTag(token, at(warning.pos[0])),
    });
  }
  if (document.schema.name !== 'core') {
    visit(document, {
      Node(_key, node) {
        const offset = node.range?.[0] ?? 0;
        if (node.tag !== undefined && node.tag.startsWith('tag:yaml.org,2002:') && !CORE_TAGS.has(node.tag)) {
          found.push({ offset, problem: unplainTag(`!!${node.tag.slice(18)}`, at(offset)) });
        } else if (isScalar(node) && typeof node.value === 'object' && node.value !== null) {
          found.push({
            offset,
            problem: {
              message: `${String(node.source)} reads as a date under %YAML 1.1, not as text`,
              position: at(offset),
              hint: 'quote it',
            },
          });
        }
      },
    });
  }
  return found
    .sort((a, b) => a.offset - b.offset)
    .slice(0, MAX_PARSE_PROBLEMS_PER_FILE)
    .map((entry) => entry.problem);
}

function unplainTag(token: string, position: SourcePosition): ParseProblem {
  return {
    message: `tag ${token}: cxschema reads plain values, which need no tag`,
    position,
    hint: 'remove the tag: text, numbers, true and false, null, mappings and lists are written as they are',
  };
}

/**
 * The depth of the value the document builds, aliases followed, is checked before building it: rules walk the
 * value recursively, and an alias can nest an anchor inside itself (a cycle) or stack deep anchors on each
 * other. Heights are memoised per node, so an alias bomb costs linear time here.
 */
function checkDepth(document: Document.Parsed, at: (offset: number) => SourcePosition): ParseProblem | undefined {
  const heights = new Map<object, number>();
  const inProgress = new Set<object>();
  let cycleAt: number | undefined;

  const height = (node: unknown): number => {
    if (isAlias(node)) {
      const target = node.resolve(document);
      if (target === undefined) return 1;
      if (inProgress.has(target)) {
        cycleAt ??= node.range?.[0] ?? 0;
        return Number.POSITIVE_INFINITY;
      }
      return height(target);
    }
    if (!isMap(node) && !isSeq(node)) return isPair(node) ? height(node.value) : 1;
    const known = heights.get(node);
    if (known !== undefined) return known;
    inProgress.add(node);
    let deepest = 0;
    for (const item of node.items) {
      const child = isPair(item) ? height(item.value) : height(item);
      if (child > deepest) deepest = child;
      // Past the cap there is no need to look further, and no risk of the recursion going much deeper.
      if (deepest > MAX_SOURCE_DEPTH) break;
    }
    inProgress.delete(node);
    const result = deepest + 1;
    heights.set(node, result);
    return result;
  };

  const total = height(document.contents);
  if (cycleAt !== undefined) {
    return {
      message: 'an alias refers to a node that contains it: the value would be infinite',
      position: at(cycleAt),
    };
  }
  if (total <= MAX_SOURCE_DEPTH) return undefined;
  return {
    message: `nested more than ${MAX_SOURCE_DEPTH} levels deep`,
    position: at(deepestOffset(document, heights)),
    hint: 'a schema file needs a dozen levels at most',
  };
}

/** Where the nesting passes the cap: follow the tallest child from the root. */
function deepestOffset(document: Document.Parsed, heights: Map<object, number>): number {
  let node: unknown = document.contents;
  let offset = 0;
  for (let depth = 0; depth < MAX_SOURCE_DEPTH; depth++) {
    if (isAlias(node)) node = node.resolve(document);
    if (!isMap(node) && !isSeq(node)) break;
    offset = node.range?.[0] ?? offset;
    let tallest: unknown;
    let best = -1;
    for (const item of node.items) {
      const child = isPair(item) ? item.value : item;
      const h = isMap(child) || isSeq(child) ? (heights.get(child) ?? 0) : isAlias(child) ? 1 : 0;
      if (h > best) {
        best = h;
        tallest = child;
      }
    }
    node = tallest;
  }
  return offset;
}

function firstAliasOffset(document: Document.Parsed): number | undefined {
  let found: number | undefined;
  const visit = (node: unknown): void => {
    if (found !== undefined) return;
    if (isAlias(node)) {
      found = node.range?.[0];
      return;
    }
    if (isPair(node)) {
      visit(node.value);
      return;
    }
    if (isMap(node) || isSeq(node)) for (const item of node.items) visit(item);
    else if (isScalar(node)) return;
  };
  visit(document.contents);
  return found;
}
