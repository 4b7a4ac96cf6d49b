/**
 * A platform family: one of the platform's versioned schema APIs (custom objects; the contact, organization and
 * workitem DataSchemas), as one object holding everything that differs between them. Loading, rules, compat,
 * plan, apply and the HTTP client take a Family as input and know no family by name; adding one is a new object
 * (docs/architecture.md has the checklist).
 */
import type { COMPAT_RULE_IDS_FOR_CONFIG } from '../model/compat-rule-ids.js';
import type { PlatformLimits } from '../model/field-types.js';
import type {
  FamilyName,
  FieldType,
  RemoteSchema,
  SchemaField,
  SchemaStatus,
  SchemaWriteBody,
} from '../model/schema.js';

export { FAMILY_NAMES, type FamilyName } from '../model/schema.js';

/**
 * The bounds a field has where its file sets none, as the platform holds records to them: the catalog shows them
 * as defaults and the generated record types and JSON Schemas carry them (docs/codegen.md).
 */
export interface FieldDefaults {
  /** The longest value of this type (a list's: each item's) where the file sets no maxLength. */
  maxLength(fieldtype: FieldType): number | undefined;
  /** The most items a list (or a tag) holds where the file sets no maxItems. */
  readonly maxItems: number;
  /** Whether a list's (or a tag's) items must all differ. */
  readonly uniqueItems: boolean;
}

/** A schema's contents: what a write sends besides its version and status. */
export interface FamilyContent {
  externalId: string;
  name: string;
  title?: string;
  description?: string;
  status?: SchemaStatus;
  fields: readonly SchemaField[];
}

/**
 * What a step does to one schema: create, update (new contents), publish, deprecate, undeprecate (the same
 * contents with a new status), or noop (the org already holds the desired state).
 */
export type StepKind = 'create' | 'update' | 'publish' | 'deprecate' | 'undeprecate' | 'noop';

/**
 * One request of a step, in order. `version` is the version the schema has once the write is done; the
 * family's version rule says which version the request itself carries.
 */
export interface PlannedWrite {
  method: 'POST' | 'PUT';
  version: number;
  status: SchemaStatus;
}

export type TransitionPlan =
  { ok: true; kind: StepKind; writes: PlannedWrite[] } | { ok: false; kind: StepKind; reason: string };

/** Which statuses a family can hold, and the writes that move a schema from one to another. */
export interface Lifecycle {
  /** The statuses this family can express; a file asking for another is refused before anything is sent. */
  readonly statuses: readonly SchemaStatus[];
  /**
   * @param remote the current remote version and status, or null when the schema does not exist.
   * @param contentChanged whether the desired contents differ from the remote ones (ignored for a create).
   */
  planTransition(
    remote: { version: number; status: SchemaStatus } | null,
    desired: SchemaStatus,
    contentChanged: boolean,
  ): TransitionPlan;
}

/** Which version a write carries on the wire, for a write that leaves the schema at `resulting`. */
export interface VersionRule {
  carried(method: PlannedWrite['method'], resulting: number): number;
  /** One sentence for docs and messages. */
  readonly description: string;
}

/** The platform's error codes that apply and the client act on. */
export interface FamilyErrorCodes {
  /** 409: the write carried a version that is no longer the one the rule expects. */
  versionConflict: string;
  /** 409: a create met a schema that already holds this identity; absent where the platform has none. */
  exists?: string;
}

/** A compatibility rule's id (docs/compatibility.md). */
export type CompatRuleName = (typeof COMPAT_RULE_IDS_FOR_CONFIG)[number];

/** A change the platform refuses on a family whatever the compatibility mode, as the plan's hint tells it. */
export interface NeverAllowedChange {
  /** The 400 code the platform answers it with; absent where the family's answer is not known (the hint names none). */
  code?: string;
  /** What to do instead, after "the platform refuses this change in any mode: ". */
  instead: string;
}

/** The changes a family never allows, by compatibility rule id; a rule absent is judged by the mode alone. */
export type NeverAllowed = Readonly<Partial<Record<CompatRuleName, NeverAllowedChange>>>;

/** How a file's schema becomes the family's wire body and back. */
export interface WireMapping {
  /** The body of a POST or PUT (its version already the one the version rule carries). */
  toWire(body: SchemaWriteBody): unknown;
  /** A resource as the platform serves it, as the domain's schema; undefined when it is not one this family manages. */
  fromWire(resource: unknown): RemoteSchema | undefined;
  /**
   * Why a served resource that is no deleted schema cannot be read (`fromWire` gives undefined), in a few words
   * that name what it lacks, so that an error can say it; undefined when it can be read.
   */
  unreadable?(resource: unknown): string | undefined;
}

/** A field, one of its constraints, or another of its values, that a family has no place for. */
export type HoldProblem =
  | { kind: 'type'; message: string; hint: string }
  | {
      kind: 'constraint';
      constraint: string;
      message: string;
      hint: string;
      /** A constraint the coretype holds, with a value outside its published range (reported at the value). */
      outOfRange?: true;
    }
  /** A value of the field other than its type and constraints (its `description`) outside the family's limits. */
  | { kind: 'value'; property: 'description'; message: string; hint: string };

/** Where and how the family is served. */
export type FamilyApi = { kind: 'customobjects' } | DataSchemaApi;

export interface DataSchemaApi {
  kind: 'dataschema';
  /** `/api/v2/externalcontacts/contacts/schemas` and the like. */
  basePath: string;
  /** The `appliesTo` every schema of the family carries. */
  appliesTo: string;
  /** hard: gone; soft: read back as `deleted: true`; none: the platform has no DELETE. */
  delete: 'hard' | 'soft' | 'none';
  /**
   * The family whose schemas count with this one's toward `maxNumberOfSchemasPerOrg` (contacts and organizations,
   * docs/targets.md "Limits"): online, the schemas it holds are counted too.
   */
  countsWith?: { basePath: string; label: string };
}

export interface Family {
  readonly name: FamilyName;
  /** Plural noun phrase for messages: `custom object schemas`. */
  readonly label: string;
  /** The fieldtypes a file may use on this family (FIELD_TYPE_UNKNOWN checks against it). */
  readonly fieldTypes: readonly string[];
  /** The limits offline validation assumes; the org's own are read online. */
  readonly defaultLimits: Readonly<PlatformLimits>;
  /**
   * Whether the wire body holds display titles (a schema's and a field's `title`, `enumTitles`): where it does not,
   * a file that sets one is refused (FAMILY_TITLE_UNSUPPORTED).
   */
  readonly holdsTitles: boolean;
  /**
   * Whether the wire body can mark an enum value disabled (a field's `disabledValues`): where it cannot, a file that
   * lists one is refused (FAMILY_DISABLED_VALUES_UNSUPPORTED).
   */
  readonly holdsDisabledValues: boolean;
  /** Whether the platform bounds a record's size (RECORD_SIZE_LIMIT), rather than each field alone. */
  readonly boundsRecordSize: boolean;
  /** How a schema is found in the org: one sentence for docs and messages. */
  readonly identity: string;
  /**
   * Where the platform keys a schema by its name: the externalId a name stands for, which a file's externalId
   * must equal (FAMILY_IDENTITY_MISMATCH). Absent where the externalId is the platform's own key.
   */
  readonly externalIdOf?: (name: string) => string;
  readonly lifecycle: Lifecycle;
  readonly versionRule: VersionRule;
  /**
   * The changes the platform refuses on this family whatever the mode: they break in every mode, NONE included, no
   * config ignore accepts them, and their hint says what the platform answers and what to do instead. One table,
   * so that a refusal's code and advice never name a rule the family does not refuse.
   */
  readonly neverAllowed: NeverAllowed;
  readonly errorCodes: FamilyErrorCodes;
  readonly wire: WireMapping;
  readonly api: FamilyApi;
  /**
   * The fields in the form the family compares them (its own types): compatibility and the plan's diff run on
   * it, so that two spellings of one type are not a change.
   */
  canonicalFields(fields: readonly SchemaField[]): SchemaField[];
  /** The largest maxLength a field of this type may have here (STRING_LENGTH_LIMIT); undefined where none applies. */
  maxLengthCap(fieldtype: FieldType, limits: PlatformLimits): number | undefined;
  /** The bounds the platform gives a field where its file sets none. */
  readonly fieldDefaults: FieldDefaults;
  /**
   * The key a record holds a top-level field's value under (docs/codegen.md "How a record is keyed"): a custom object
   * record keys it by the field's name; a contact's, an organization's or a workitem's `customFields` by the
   * property key the wire body gives the field. Undefined for a field the family cannot hold (`cannotHold`).
   */
  recordKey(field: SchemaField): string | undefined;
  /**
   * Why the family cannot hold a top-level field as written (its type, one of its constraints, or another of its
   * values, such as a description too long); empty when it can.
   */
  cannotHold(field: SchemaField): HoldProblem[];
  /** Whether two schemas say the same thing, defaults and order set aside. Status is compared too. */
  sameContent(a: FamilyContent, b: FamilyContent): boolean;
}
