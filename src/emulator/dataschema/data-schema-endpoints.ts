/**
 * The DataSchema endpoints of one family (docs/targets.md): list, create, get, update, delete, versions,
 * coretypes and limits. Each returns the status and JSON text to send; checks run in the documented stages and a
 * request stops at the first stage that finds something.
 */
import type { ErrorSpec, Problem } from '../error-body.js';
import { CODES, errorBody, problemsBody } from '../error-body.js';
import type { ApiResult } from '../schema-endpoints.js';
import type { DataSchemaWrite } from './body-checks.js';
import { checkDataSchemaBody, fieldCount, INVALID } from './body-checks.js';
import { CORETYPES, coretype, coretypeResource } from './coretypes.js';
import type { DataSchemaStore, StoredDataSchema } from './data-schema-store.js';
import { currentVersion, renderDataSchema } from './data-schema-store.js';
import type { Family } from './families.js';
import type { DataSchemaLimits } from './quantity-limits.js';

export const DATA_SCHEMA_CODES = {
  invalid: INVALID,
  limitExceeded: 'dynamic.schema.limit.exceeded',
  versionConflict: 'dynamic.schema.version.conflict',
  nameExists: 'dynamic.schema.name.exists',
  fieldRemoved: 'dynamic.schema.field.removed',
  enumValueRemoved: 'dynamic.schema.enum.value.removed',
} as const;

export interface DataSchemaContext {
  family: Family;
  store: DataSchemaStore;
  limits: DataSchemaLimits;
  correlationId: string;
  /** When the coretypes were created: the emulator's start. */
  coretypesDate: string;
}

function json(status: number, value: unknown): ApiResult {
  return { status, body: JSON.stringify(value) };
}

function fail(context: DataSchemaContext, spec: ErrorSpec): ApiResult {
  return json(spec.status, errorBody(spec, context.correlationId));
}

function refuse(context: DataSchemaContext, problems: Problem[]): ApiResult {
  return json(400, problemsBody(problems, context.correlationId));
}

function notFound(context: DataSchemaContext, what: string): ApiResult {
  return fail(context, {
    status: 404,
    code: CODES.notFound,
    message: `${what} was not found`,
    messageWithParams: '{resource} was not found',
    messageParams: { resource: what },
  });
}

function listing(entities: unknown[], selfUri: string): ApiResult {
  return json(200, { total: entities.length, entities, selfUri });
}

function parse(context: DataSchemaContext, raw: string): { write: DataSchemaWrite } | { result: ApiResult } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { result: refuse(context, [{ code: INVALID, message: 'the body is not valid JSON', fieldName: '' }]) };
  }
  const checked = checkDataSchemaBody(value, context.family, context.limits[context.family.name]);
  return 'write' in checked ? checked : { result: refuse(context, checked.problems) };
}

function nameTaken(context: DataSchemaContext, name: string): ApiResult {
  return fail(context, {
    status: 409,
    code: DATA_SCHEMA_CODES.nameExists,
    message: `A ${context.family.name} schema named "${name}" already exists`,
    messageWithParams: 'A schema named "{name}" already exists',
    messageParams: { name },
  });
}

/** `template` names {count} and {max}. */
function limitProblem(fieldName: string, template: string, count: number, max: number): Problem {
  const message = template.replace('{count}', String(count)).replace('{max}', String(max));
  return {
    code: DATA_SCHEMA_CODES.limitExceeded,
    message,
    fieldName,
    messageWithParams: template,
    messageParams: { count: String(count), max: String(max) },
  };
}

/** The /limits problems of a write: fields per schema, fields per org (the family's other live schemas). */
function fieldLimitProblems(
  context: DataSchemaContext,
  write: DataSchemaWrite,
  exceptId: string | undefined,
): Problem[] {
  const limits = context.limits[context.family.name];
  const problems: Problem[] = [];
  const fields = fieldCount(write.jsonSchema);
  if (fields > limits.maxNumberOfFieldsPerSchema) {
    problems.push(
      limitProblem(
        'jsonSchema.properties',
        'the schema has {count} fields; at most {max} are allowed',
        fields,
        limits.maxNumberOfFieldsPerSchema,
      ),
    );
  }
  const others = context.store
    .live(context.family.name)
    .filter((s) => s.id !== exceptId)
    .reduce((sum, s) => sum + fieldCount(currentVersion(s).jsonSchema), 0);
  const total = others + fields;
  if (total > limits.maxNumberOfFieldsPerOrg) {
    problems.push(
      limitProblem(
        'jsonSchema.properties',
        `the org would have {count} ${context.family.name} schema fields; at most {max} are allowed`,
        total,
        limits.maxNumberOfFieldsPerOrg,
      ),
    );
  }
  return problems;
}

/**
 * A property the object itself holds, else undefined: never one inherited from Object.prototype (docs/targets.md,
 * "The DataSchema body").
 */
function own(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** What a PUT takes away that the family keeps: properties, and enum values. */
function removalProblems(current: Record<string, unknown>, next: Record<string, unknown>): Problem[] {
  const before = (own(current, 'properties') ?? {}) as Record<string, Record<string, unknown>>;
  const after = (own(next, 'properties') ?? {}) as Record<string, Record<string, unknown>>;
  const problems: Problem[] = [];
  for (const [key, property] of Object.entries(before)) {
    const kept = own(after, key) as Record<string, unknown> | undefined;
    if (kept === undefined) {
      problems.push({
        code: DATA_SCHEMA_CODES.fieldRemoved,
        message: `field ${key} cannot be removed once saved; disable the schema instead`,
        fieldName: `jsonSchema.properties.${key}`,
        messageWithParams: 'field {field} cannot be removed once saved',
        messageParams: { field: key },
      });
      continue;
    }
    const enumBefore = own(property, 'enum');
    const enumAfter = own(kept, 'enum');
    const values = Array.isArray(enumBefore) ? (enumBefore as unknown[]) : [];
    const keptValues = new Set(Array.isArray(enumAfter) ? (enumAfter as unknown[]) : []);
    for (const value of values) {
      if (!keptValues.has(value)) {
        problems.push({
          code: DATA_SCHEMA_CODES.enumValueRemoved,
          message: `enum value ${JSON.stringify(value)} of ${key} cannot be removed once saved; disable it with _disabled instead`,
          fieldName: `jsonSchema.properties.${key}.enum`,
          messageWithParams: 'enum value {value} of {field} cannot be removed once saved',
          messageParams: { value: String(value), field: key },
        });
      }
    }
  }
  return problems;
}

export function listDataSchemas(context: DataSchemaContext): ApiResult {
  const { family, store } = context;
  return listing(
    store.live(family.name).map((s) => renderDataSchema(family, s, currentVersion(s))),
    family.basePath,
  );
}

export function createDataSchema(context: DataSchemaContext, raw: string): ApiResult {
  const { family, store } = context;
  const parsed = parse(context, raw);
  if ('result' in parsed) return parsed.result;
  const { write } = parsed;
  if (write.version !== 1)
    return refuse(context, [
      { code: INVALID, message: `a new schema is version 1, not ${write.version}`, fieldName: 'version' },
    ]);
  if (store.withName(family.name, write.name)) return nameTaken(context, write.name);
  const limits = context.limits[family.name];
  const schemas = family.countGroup.reduce((sum, name) => sum + store.live(name).length, 0);
  const problems: Problem[] = [];
  if (schemas >= limits.maxNumberOfSchemasPerOrg) {
    const groupName = family.countGroup.join(' and ');
    problems.push(
      limitProblem(
        '',
        `the org has {count} ${groupName} schemas; at most {max} are allowed`,
        schemas,
        limits.maxNumberOfSchemasPerOrg,
      ),
    );
  }
  problems.push(...fieldLimitProblems(context, write, undefined));
  if (problems.length > 0) return refuse(context, problems);
  const schema = store.create(family.name, write);
  return { ...json(200, renderDataSchema(family, schema, currentVersion(schema))), mutated: true };
}

function live(context: DataSchemaContext, id: string): StoredDataSchema | undefined {
  const schema = context.store.get(context.family.name, id);
  return schema && !schema.deleted ? schema : undefined;
}

export function getDataSchema(context: DataSchemaContext, id: string): ApiResult {
  const schema = context.store.get(context.family.name, id);
  if (!schema) return notFound(context, `Schema ${id}`);
  return json(200, renderDataSchema(context.family, schema, currentVersion(schema)));
}

export function updateDataSchema(context: DataSchemaContext, id: string, raw: string): ApiResult {
  const { family, store } = context;
  const schema = live(context, id);
  if (!schema) return notFound(context, `Schema ${id}`);
  const parsed = parse(context, raw);
  if ('result' in parsed) return parsed.result;
  const { write } = parsed;
  const current = currentVersion(schema);
  if (write.version !== current.version) {
    const sent = String(write.version);
    const now = String(current.version);
    return fail(context, {
      status: 409,
      code: DATA_SCHEMA_CODES.versionConflict,
      message: `The schema is at version ${now}; the update was made from version ${sent}. Read the schema again and send its current version`,
      messageWithParams: 'The schema is at version {current}; the update was made from version {sent}',
      messageParams: { current: now, sent },
    });
  }
  if (store.withName(family.name, write.name, id)) return nameTaken(context, write.name);
  const problems = fieldLimitProblems(context, write, id);
  if (family.keepsFields) problems.push(...removalProblems(current.jsonSchema, write.jsonSchema));
  if (problems.length > 0) return refuse(context, problems);
  const version = store.update(schema, write);
  return { ...json(200, renderDataSchema(family, schema, version)), mutated: true };
}

export function deleteDataSchema(context: DataSchemaContext, id: string): ApiResult {
  const { family, store } = context;
  const schema = live(context, id);
  if (!schema) return notFound(context, `Schema ${id}`);
  if (family.deleteMode === 'soft') store.markDeleted(schema);
  else store.remove(family.name, id);
  return { status: 204, mutated: true };
}

export function listDataSchemaVersions(context: DataSchemaContext, id: string): ApiResult {
  const schema = context.store.get(context.family.name, id);
  if (!schema) return notFound(context, `Schema ${id}`);
  return listing(
    schema.versions.map((v) => renderDataSchema(context.family, schema, v, true)),
    `${context.family.basePath}/${id}/versions`,
  );
}

export function getDataSchemaVersion(context: DataSchemaContext, id: string, versionId: string): ApiResult {
  const schema = context.store.get(context.family.name, id);
  if (!schema) return notFound(context, `Schema ${id}`);
  const version = /^[1-9]\d{0,8}$/.test(versionId) ? schema.versions[Number(versionId) - 1] : undefined;
  if (!version) return notFound(context, `Version ${versionId} of schema ${id}`);
  return json(200, renderDataSchema(context.family, schema, version, true));
}

export function listCoretypes(context: DataSchemaContext): ApiResult {
  return listing(
    CORETYPES.map((c) => coretypeResource(c, context.family.basePath, context.coretypesDate)),
    `${context.family.basePath}/coretypes`,
  );
}

export function getCoretype(context: DataSchemaContext, name: string): ApiResult {
  const facts = coretype(name);
  if (!facts) return notFound(context, `Coretype ${name}`);
  return json(200, coretypeResource(facts, context.family.basePath, context.coretypesDate));
}

export function getQuantityLimits(context: DataSchemaContext): ApiResult {
  return json(200, { ...context.limits[context.family.name], selfUri: `${context.family.basePath}/limits` });
}
