/**
 * The JSON Schema of `cxschema.config.yaml` (CxConfig in config.ts, minus what the loader derives: path, root).
 * Published as `schema/cxschema.config.schema.json`; the config loader checks every config file against it,
 * so an unknown key is an error at its own line rather than a setting silently ignored.
 */
import { MAX_PORTAL_TIMEOUT_MS } from './config.js';
import { COMPATIBILITY_MODES, FAMILY_NAMES } from './schema.js';
import { COMPAT_RULE_IDS_FOR_CONFIG } from './compat-rule-ids.js';
import { VALIDATION_RULE_IDS } from './validation-rule-ids.js';

const TARGET_PROPERTY = {
  type: 'string',
  enum: [...FAMILY_NAMES],
  description:
    'The platform family schemas are deployed to: customobjects (default), contacts, organizations or workitems (docs/families.md).',
} as const;

const positiveInteger = { type: 'integer', minimum: 1 } as const;

const ruleSeverity = { type: 'string', enum: ['error', 'warning', 'off'] } as const;

const PORTAL_PROPERTY = {
  type: 'object',
  required: ['url'],
  additionalProperties: false,
  description: 'The developer portal that receives an event for every change.',
  properties: {
    url: { type: 'string', pattern: '^https?://', description: 'Endpoint URL (http only for loopback hosts).' },
    secretEnv: {
      type: 'string',
      pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
      description: 'Name of the environment variable holding the HMAC secret (never the secret itself).',
    },
    timeoutMs: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_PORTAL_TIMEOUT_MS,
      description: 'Milliseconds an attempt waits for the answer, at most 300000 (5 minutes). Default 10000.',
    },
  },
} as const;

const AUDIT_PROPERTY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    path: { type: 'string', minLength: 1, description: 'The JSON Lines audit log. Default .cxschema/audit.jsonl.' },
  },
} as const;

export const CONFIG_FILE_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'cxschema config file',
  description: 'cxschema.config.yaml: found by walking up from the working directory, or named with --config.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'The JSON Schema this file follows (for editors).' },
    target: TARGET_PROPERTY,
    schemas: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', minLength: 1 },
      description:
        "Globs of schema files, relative to this file's folder. Default: **/*.schema.yaml, **/*.schema.yml, **/*.schema.json.",
    },
    rules: {
      type: 'object',
      description: 'Severity per validation rule id: error, warning or off (docs/rules.md lists the ids).',
      properties: Object.fromEntries(VALIDATION_RULE_IDS.map((id) => [id, ruleSeverity])),
      additionalProperties: false,
    },
    systemObjects: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: "System object types that reference fields may name, beyond the platform's defaults.",
    },
    limits: {
      type: 'object',
      description: 'Overrides of the platform limits used offline (the org reports its own online).',
      additionalProperties: false,
      properties: {
        maxFieldsPerSchema: positiveInteger,
        maxRecordSizeBytes: positiveInteger,
        maxStringLength: positiveInteger,
        maxLongTextLength: positiveInteger,
        maxListItems: positiveInteger,
        maxNestingDepth: positiveInteger,
        maxSchemasPerOrg: positiveInteger,
      },
    },
    compatibility: {
      type: 'object',
      additionalProperties: false,
      properties: {
        mode: {
          type: 'string',
          enum: [...COMPATIBILITY_MODES],
          description: 'Default mode for every schema. Default BACKWARD.',
        },
        ignore: {
          type: 'array',
          description: 'Accepted breaks: each names a compatibility rule, optionally a schema and a field, and why.',
          items: {
            type: 'object',
            required: ['rule', 'reason'],
            additionalProperties: false,
            properties: {
              rule: {
                type: 'string',
                enum: [...COMPAT_RULE_IDS_FOR_CONFIG],
                description: 'A compatibility rule id (docs/compatibility.md).',
              },
              schema: { type: 'string', minLength: 1 },
              field: { type: 'string', minLength: 1 },
              reason: { type: 'string', minLength: 1, description: 'Why the break is accepted (required).' },
            },
          },
        },
      },
    },
    portal: PORTAL_PROPERTY,
    audit: AUDIT_PROPERTY,
    environments: {
      type: 'object',
      description: 'Named orgs, chosen with --env.',
      propertyNames: { pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          target: TARGET_PROPERTY,
          domain: { type: 'string', minLength: 1, description: 'GENESYS_OAUTH_DOMAIN: a region domain or a base URL.' },
          clientIdEnv: {
            type: 'string',
            pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
            description:
              'Name of the environment variable holding the OAuth client id. Default GENESYS_OAUTH_CLIENT_ID.',
          },
          clientSecretEnv: {
            type: 'string',
            pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
            description:
              'Name of the environment variable holding the OAuth client secret (never the secret itself). Default GENESYS_OAUTH_CLIENT_SECRET.',
          },
          compatibility: {
            type: 'object',
            required: ['mode'],
            additionalProperties: false,
            description: 'Overrides compatibility.mode in this org.',
            properties: { mode: { type: 'string', enum: [...COMPATIBILITY_MODES] } },
          },
          portal: {
            description: 'The portal of this org, replacing portal; false sends no change events from this org.',
            oneOf: [{ const: false }, PORTAL_PROPERTY],
          },
          audit: AUDIT_PROPERTY,
        },
      },
    },
  },
} as const;
