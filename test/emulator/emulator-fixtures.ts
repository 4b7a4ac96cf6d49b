/**
 * Plain-fetch helpers for the emulator's tests: no code from src/genesys/ (the tests walk docs/api-contract.md
 * themselves).
 */
import type { EmulatorClient, EmulatorHandle } from '../../src/emulator/index.js';
import { draft, text } from '../support/schema-builders.js';

export const SCHEMAS = '/api/v2/customobjects/schemas';

export async function tokenFor(
  emulator: EmulatorHandle,
  client: Pick<EmulatorClient, 'id' | 'secret'> = emulator.demoClient,
): Promise<string> {
  const response = await fetch(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** One entry of an error body's `details`. */
export interface ReplyDetail {
  errorCode: string;
  fieldName: string;
}

/**
 * A reply body as the tests read it: the members docs/api-contract.md gives schemas, versions, lists, coretypes
 * and error bodies, in one shape. They are declared present so that a test reads them plainly; a member the reply
 * lacks reads as undefined at run time, and the assertion on it fails.
 */
export interface ReplyBody {
  // A schema, a schema version or a DataSchema
  id: string;
  externalId: string;
  name: string;
  version: number;
  enabled: boolean;
  deleted: boolean;
  appliesTo: string[];
  dateCreated: string;
  dateModified: string;
  fields: Array<Record<string, unknown>>;
  jsonSchema: { properties: Record<string, unknown> };
  // A coretype
  validationLimits: Record<string, { min: number; max: number }>;
  // A list
  entities: ReplyBody[];
  total: number;
  pageNumber: number;
  firstUri: string;
  nextUri: string;
  previousUri: string;
  selfUri: string;
  // An error body
  message: string;
  code: string;
  status: number;
  contextId: string | null;
  messageParams: Record<string, string>;
  details: ReplyDetail[];
  errors: ReplyBody[];
}

export interface Reply {
  status: number;
  headers: Headers;
  body: ReplyBody;
}

export type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Reply>;

/** A caller bound to one emulator and token; bodies are sent as JSON (strings as they are). */
export function caller(emulator: EmulatorHandle, token: string): Call {
  return async (method, path, body, headers = {}) => {
    const init: RequestInit = {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
    };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await fetch(`${emulator.url}${path}`, init);
    const text = await response.text();
    // An empty body stays undefined (a test of a 204 asserts just that), whatever the type says.
    const parsed = (text === '' ? undefined : JSON.parse(text)) as ReplyBody;
    return { status: response.status, headers: response.headers, body: parsed };
  };
}

/** A create body (the schema builders' draft), loosely typed so that a test can send what the client never would. */
export function schemaBody(externalId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...draft(externalId, [text('title', { required: true, constraints: { maxLength: 100 } })]), ...overrides };
}

/** Fields nested `depth` levels deep: depth 1 is one top-level string. */
export function nestedFields(depth: number): unknown[] {
  let fields: unknown[] = [{ name: 'leaf', fieldtype: 'string' }];
  for (let level = depth - 1; level >= 1; level--)
    fields = [{ name: `level${level}`, fieldtype: 'object', constraints: { items: { fields } } }];
  return fields;
}

/** The platform's 429 body (docs/api-contract.md "On every API response"), to the key, for a wait of `seconds`. */
export function rateLimitBody(seconds: number, contextId: string | null): Record<string, unknown> {
  return {
    message: `Rate limit exceeded the maximum. Retry the request in [${seconds}] seconds`,
    code: 'too.many.requests.retry.after',
    status: 429,
    contextId,
    details: [],
    errors: [],
  };
}
