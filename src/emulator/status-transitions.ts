/**
 * `customobjects.schema.status.invalid` (docs/api-contract.md): the allowed status transitions, and the status of a
 * create.
 */
import type { SchemaStatus } from '../model/schema.js';
import type { Problem } from './error-body.js';
import { CODES } from './error-body.js';

const ALLOWED: Readonly<Record<SchemaStatus, readonly SchemaStatus[]>> = {
  DRAFT: ['DRAFT', 'PUBLISHED'],
  PUBLISHED: ['PUBLISHED', 'DEPRECATED'],
  DEPRECATED: ['PUBLISHED', 'DEPRECATED'],
};

export function checkStatusTransition(from: SchemaStatus, to: SchemaStatus): Problem[] {
  if (ALLOWED[from].includes(to)) return [];
  return [
    {
      code: CODES.statusInvalid,
      message: `Status cannot change from ${from} to ${to}`,
      messageWithParams: 'Status cannot change from {from} to {to}',
      messageParams: { from, to },
      fieldName: 'status',
    },
  ];
}

/** A schema is created as DRAFT (docs/api-contract.md "Endpoints": POST). */
export function checkCreateStatus(status: SchemaStatus): Problem[] {
  if (status === 'DRAFT') return [];
  return [
    {
      code: CODES.statusInvalid,
      message: `A schema is created as DRAFT, not ${status}; publish it with a PUT of version 2`,
      messageWithParams: 'A schema is created as DRAFT, not {to}',
      messageParams: { to: status },
      fieldName: 'status',
    },
  ];
}
