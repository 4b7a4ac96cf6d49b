/**
 * The org's schemas in memory: every version of every schema. Every method is synchronous, so a request that
 * reads the current version and commits the next one cannot interleave with another (node runs one callback at
 * a time): concurrent PUTs of one version get exactly one winner.
 * Each stored version keeps its JSON text once read, so GETs serve it without serialising again, and the text of a
 * list page is kept until the next write, so that reading the same page again costs a lookup.
 */
import { randomUUID } from 'node:crypto';
import type { RemoteSchema, SchemaStatus, SchemaWriteBody } from '../model/schema.js';

/**
 * One version of a schema. Its JSON text is made on the first read and kept from then on; a write answers with the
 * text of the version it made without keeping it (`unkeptJson`), since most versions a client writes are never
 * read again (a new version supersedes them), and a kept text was a third of what each version held in memory:
 * every version kept alive is copied by the young generation's collector, whose pauses every request waits on.
 */
export class StoredVersion {
  private text: string | undefined;

  constructor(readonly resource: RemoteSchema) {}

  /** The resource as served, kept for the next read. */
  get json(): string {
    return (this.text ??= JSON.stringify(this.resource));
  }

  /** The same text, without keeping it when no read has kept it yet. */
  unkeptJson(): string {
    return this.text ?? JSON.stringify(this.resource);
  }
}

export interface StoredSchema {
  readonly id: string;
  readonly externalId: string;
  readonly dateCreated: string;
  /** The schema's URI, the same text for each version this store makes (one string, not one a version). */
  readonly selfUri: string;
  readonly versions: StoredVersion[];
}

/** What the data file holds (see state-file.ts). */
export interface StoreSnapshot {
  schemas: Array<{ id: string; externalId: string; dateCreated: string; versions: RemoteSchema[] }>;
}

export const SCHEMAS_PATH = '/api/v2/customobjects/schemas';

/** How many list pages are kept between writes. */
const MAX_KEPT_PAGES = 1000;

function stored(resource: RemoteSchema): StoredVersion {
  return new StoredVersion(resource);
}

function selfUriOf(externalId: string): string {
  return `${SCHEMAS_PATH}/${externalId}`;
}

function resourceFrom(
  schema: Pick<StoredSchema, 'id' | 'dateCreated' | 'selfUri'>,
  body: SchemaWriteBody,
  version: number,
  dateModified: string,
): RemoteSchema {
  // Property order as the platform serves the resource (docs/api-contract.md table). Two literals rather than a
  // spread of the optional description: a spread in a literal builds the object property by property.
  const { id, dateCreated, selfUri } = schema;
  if (body.description === undefined)
    return {
      id,
      externalId: body.externalId,
      name: body.name,
      version,
      status: body.status,
      fields: body.fields,
      dateCreated,
      dateModified,
      selfUri,
    };
  return {
    id,
    externalId: body.externalId,
    name: body.name,
    description: body.description,
    version,
    status: body.status,
    fields: body.fields,
    dateCreated,
    dateModified,
    selfUri,
  };
}

export class SchemaStore {
  private readonly schemas = new Map<string, StoredSchema>();
  private sortedIds: string[] | undefined;
  /** List pages as served (JSON text) since the last write, by whatever key the caller gives a page. */
  private readonly pages = new Map<string, string>();

  /** The last instant `timestamp` wrote, and its text: writes within one millisecond share it. */
  private lastInstant = Number.NaN;
  private lastTimestamp = '';

  constructor(private readonly now: () => number) {}

  /** Now, as the resource's dates write it (ISO 8601, UTC, milliseconds). */
  private timestamp(): string {
    const instant = this.now();
    if (instant !== this.lastInstant) {
      this.lastTimestamp = new Date(instant).toISOString();
      this.lastInstant = instant;
    }
    return this.lastTimestamp;
  }

  get size(): number {
    return this.schemas.size;
  }

  get(externalId: string): StoredSchema | undefined {
    return this.schemas.get(externalId);
  }

  current(externalId: string): StoredVersion | undefined {
    const schema = this.schemas.get(externalId);
    return schema?.versions[schema.versions.length - 1];
  }

  statusOf(externalId: string): SchemaStatus | undefined {
    return this.current(externalId)?.resource.status;
  }

  /** Current versions sorted by externalId, optionally only those with a status. */
  list(status?: SchemaStatus): StoredVersion[] {
    if (this.sortedIds === undefined) this.sortedIds = [...this.schemas.keys()].sort();
    const result: StoredVersion[] = [];
    for (const id of this.sortedIds) {
      const current = this.current(id);
      if (current && (status === undefined || current.resource.status === status)) result.push(current);
    }
    return result;
  }

  /**
   * A page's JSON text: the one made since the last write, or `render()`'s, kept until the next write. The key
   * must name everything the page depends on besides the store (filters, page size and number).
   */
  page(key: string, render: () => string): string {
    let text = this.pages.get(key);
    if (text === undefined) {
      // Page numbers are unbounded: forget every page rather than grow without limit.
      if (this.pages.size >= MAX_KEPT_PAGES) this.pages.clear();
      text = render();
      this.pages.set(key, text);
    }
    return text;
  }

  /** Version 1 of a new schema. The caller has checked that the externalId is free. */
  create(body: SchemaWriteBody): StoredVersion {
    const at = this.timestamp();
    const id = randomUUID();
    const selfUri = selfUriOf(body.externalId);
    const first = stored(resourceFrom({ id, dateCreated: at, selfUri }, body, 1, at));
    // An array of the one version, not an empty one pushed to: a push makes room for 16.
    this.schemas.set(body.externalId, { id, externalId: body.externalId, dateCreated: at, selfUri, versions: [first] });
    this.changed();
    return first;
  }

  /** The next version of an existing schema. The caller has checked that body.version is current + 1. */
  update(body: SchemaWriteBody): StoredVersion {
    const schema = this.schemas.get(body.externalId);
    if (!schema) throw new Error(`no schema ${body.externalId}`);
    const next = stored(resourceFrom(schema, body, schema.versions.length + 1, this.timestamp()));
    schema.versions.push(next);
    this.forgetPages();
    return next;
  }

  remove(externalId: string): void {
    this.schemas.delete(externalId);
    this.changed();
  }

  everPublished(externalId: string): boolean {
    return this.schemas.get(externalId)?.versions.some((v) => v.resource.status !== 'DRAFT') ?? false;
  }

  all(): IterableIterator<StoredSchema> {
    return this.schemas.values();
  }

  clear(): void {
    this.schemas.clear();
    this.changed();
  }

  /** The set of schemas changed: the sorted ids and every kept page are stale. */
  private changed(): void {
    this.sortedIds = undefined;
    this.forgetPages();
  }

  /** Clearing a Map allocates its table anew, even an empty one's: a run of writes keeps no page. */
  private forgetPages(): void {
    if (this.pages.size > 0) this.pages.clear();
  }

  snapshot(): StoreSnapshot {
    return {
      schemas: [...this.schemas.values()].map((s) => ({
        id: s.id,
        externalId: s.externalId,
        dateCreated: s.dateCreated,
        versions: s.versions.map((v) => v.resource),
      })),
    };
  }

  restore(snapshot: StoreSnapshot): void {
    this.clear();
    for (const s of snapshot.schemas) {
      this.schemas.set(s.externalId, {
        id: s.id,
        externalId: s.externalId,
        dateCreated: s.dateCreated,
        selfUri: selfUriOf(s.externalId),
        versions: s.versions.map(stored),
      });
    }
  }
}
