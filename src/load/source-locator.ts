/**
 * From a JSON Pointer back to file:line:column, by walking the parsed YAML nodes (which keep their source
 * ranges). Lazy: nothing is indexed up front, since most nodes are never asked about.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { SourcePosition } from '../model/document.js';
import { parsePointer } from './json-pointer.js';

export type Locate = (pointer: string, options?: { key?: boolean }) => SourcePosition;

export function createLocator(document: Document.Parsed, lineCounter: LineCounter): Locate {
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: Math.max(1, line), column: Math.max(1, col) };
  };

  return (pointer, options) => {
    const segments = parsePointer(pointer);
    if (segments.length === 0) return { line: 1, column: 1 };
    let node: unknown = document.contents;
    // Offsets of the deepest node found so far, and of its key when it is a mapping value.
    let offset: number | undefined;
    let keyOffset: number | undefined;
    let complete = true;
    for (const segment of segments) {
      if (isAlias(node)) node = node.resolve(document);
      let next: unknown;
      let nextKeyOffset: number | undefined;
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
        if (pair === undefined) {
          complete = false;
          break;
        }
        nextKeyOffset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
        next = pair.value;
      } else if (isSeq(node) && /^(0|[1-9][0-9]*)$/.test(segment)) {
        next = node.items[Number(segment)];
        if (next === undefined) {
          complete = false;
          break;
        }
      } else {
        complete = false;
        break;
      }
      keyOffset = nextKeyOffset;
      // A key without a value (`name:`) has no range of its own: its key stands for it.
      offset = rangeStart(next) ?? nextKeyOffset ?? offset;
      node = next;
    }
    if (complete && options?.key === true && keyOffset !== undefined) return at(keyOffset);
    return offset === undefined ? { line: 1, column: 1 } : at(offset);
  };
}

function rangeStart(node: unknown): number | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const range = (node as Node).range;
  return range ? range[0] : undefined;
}
