/**
 * A lenient reading of a document's value. Rules read documents through it, not through `definition`, so that
 * a file with one structural mistake is still checked for everything else, and its externalId still counts as a
 * reference target (otherwise one typo in one file would cascade into findings in every file that references it).
 * Anything of the wrong type reads as absent: SCHEMA_STRUCTURE reports it, once.
 */
import type { SchemaDocument } from '../model/document.js';
import { DEFAULT_LIMITS, type PlatformLimits } from '../model/field-types.js';
import { ALL_FIELD_TYPES, SCHEMA_STATUSES, type SchemaStatus } from '../model/schema.js';

export type Loose = Record<string, unknown>;

export interface SchemaView {
  document: SchemaDocument;
  value: Loose;
  /** The externalId when it is a non-empty string. */
  externalId?: string;
  /** The desired status (PUBLISHED when absent); undefined when the file gives an invalid one. */
  status?: SchemaStatus;
  /** The top-level fields when `fields` is a list. */
  fields: readonly unknown[];
  /** The fieldtypes of the family the schema is deployed to: any other reads as unknown. */
  fieldTypes: ReadonlySet<string>;
  /** The limits of the family the schema is deployed to (its org's when validating online against it). */
  limits: PlatformLimits;
}

const EVERY_FIELD_TYPE: ReadonlySet<string> = new Set(ALL_FIELD_TYPES);

export function viewSchema(
  document: SchemaDocument,
  fieldTypes: ReadonlySet<string> = EVERY_FIELD_TYPE,
  limits: PlatformLimits = DEFAULT_LIMITS,
): SchemaView | undefined {
  const value = document.value;
  if (!isLoose(value)) return undefined;
  const view: SchemaView = {
    document,
    value,
    fields: Array.isArray(value['fields']) ? value['fields'] : [],
    fieldTypes,
    limits,
  };
  const externalId = value['externalId'];
  if (typeof externalId === 'string' && externalId !== '') view.externalId = externalId;
  const status = value['status'] ?? 'PUBLISHED';
  if ((SCHEMA_STATUSES as readonly unknown[]).includes(status)) view.status = status as SchemaStatus;
  return view;
}

export function isLoose(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
