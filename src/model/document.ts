/**
 * A schema file after loading: the parsed value, plus a way back from any JSON Pointer into the file to its
 * line and column, so that every finding can name the place (docs/architecture.md "Diagnostics").
 */
import type { SchemaDefinition } from './schema.js';

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface SchemaDocument {
  /** The path as the user should see it (relative to the working directory where possible). */
  file: string;
  format: 'yaml' | 'json';
  /** The file's text (for code frames). */
  source: string;
  /** The parsed value, whatever its shape. */
  value: unknown;
  /**
   * The value typed as a schema definition when it passed the structural check (SCHEMA_STRUCTURE);
   * undefined when it did not, so that later rules only see well-formed input.
   */
  definition?: SchemaDefinition;
  /**
   * Position of the node at a JSON Pointer (RFC 6901, e.g. `/fields/2/constraints/maxLength`); the nearest
   * existing ancestor's position when the node is absent; 1:1 for the root.
   * `key: true` gives the position of the property's key instead of its value.
   */
  locate(pointer: string, options?: { key?: boolean }): SourcePosition;
}
