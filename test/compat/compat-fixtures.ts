/** Reads the fixture pairs under test/fixtures/compat/<RULE_ID>/. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { SchemaDefinition } from '../../src/model/schema.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/compat/', import.meta.url));

export interface ExpectedChange {
  rule: string;
  field: string;
  before?: unknown;
  after?: unknown;
  insideItems?: boolean;
}

export interface CompatFixture {
  old: SchemaDefinition;
  next: SchemaDefinition;
  expected: ExpectedChange[];
}

export function fixtureExists(rule: string): boolean {
  return ['old.yaml', 'new.yaml', 'expected.yaml'].every((file) => existsSync(`${FIXTURES}${rule}/${file}`));
}

export function loadFixture(rule: string): CompatFixture {
  const read = (file: string): unknown => parse(readFileSync(`${FIXTURES}${rule}/${file}`, 'utf8'));
  return {
    old: read('old.yaml') as SchemaDefinition,
    next: read('new.yaml') as SchemaDefinition,
    expected: (read('expected.yaml') as { changes: ExpectedChange[] }).changes,
  };
}
