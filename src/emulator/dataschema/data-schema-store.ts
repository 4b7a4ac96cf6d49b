/**
 * The org's DataSchemas, per family, every version of each. Synchronous like the custom objects store, so a PUT
 * that checks the current version and commits the next cannot interleave with another: concurrent PUTs of one
 * version get exactly one winner.
 */
import { randomUUID } from 'node:crypto';
import type { DataSchemaWrite } from './body-checks.js';
import type { Family, FamilyName } from './families.js';
import { FAMILY_NAMES } from './families.js';

/** One version as written; the id, selfUri and `deleted` are added when served. */
export interface DataSchemaVersion {
  name: string;
  version: number;
  appliesTo: string[];
  enabled: boolean;
  /** When this version was written. */
  dateCreated: string;
  jsonSchema: Record<string, unknown>;
}

export interface StoredDataSchema {
  id: string;
  /** A soft-deleted workitem schema: still readable, no longer listed, counted or writable. */
  deleted: boolean;
  versions: DataSchemaVersion[];
}

export type DataSchemaSnapshot = Record<FamilyName, StoredDataSchema[]>;

/** The DataSchema resource, in the order the SDK's model lists its properties. */
export function renderDataSchema(
  family: Family,
  schema: StoredDataSchema,
  version: DataSchemaVersion,
  viaVersions = false,
): Record<string, unknown> {
  return {
    id: schema.id,
    name: version.name,
    version: version.version,
    appliesTo: version.appliesTo,
    enabled: version.enabled,
    dateCreated: version.dateCreated,
    jsonSchema: version.jsonSchema,
    selfUri: viaVersions
      ? `${family.basePath}/${schema.id}/versions/${version.version}`
      : `${family.basePath}/${schema.id}`,
    ...(family.deleteMode === 'soft' ? { deleted: schema.deleted } : {}),
  };
}

export function currentVersion(schema: StoredDataSchema): DataSchemaVersion {
  return schema.versions[schema.versions.length - 1] as DataSchemaVersion;
}

export class DataSchemaStore {
  private readonly families = new Map<FamilyName, Map<string, StoredDataSchema>>(
    FAMILY_NAMES.map((name) => [name, new Map()]),
  );

  constructor(private readonly now: () => number) {}

  private of(family: FamilyName): Map<string, StoredDataSchema> {
    return this.families.get(family) as Map<string, StoredDataSchema>;
  }

  get(family: FamilyName, id: string): StoredDataSchema | undefined {
    return this.of(family).get(id);
  }

  /** Every schema of the family, deleted ones included, sorted by name then id. */
  all(family: FamilyName): StoredDataSchema[] {
    return [...this.of(family).values()].sort((a, b) => {
      const an = currentVersion(a).name;
      const bn = currentVersion(b).name;
      return an < bn ? -1 : an > bn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
  }

  /** The schemas that count: not deleted. */
  live(family: FamilyName): StoredDataSchema[] {
    return this.all(family).filter((s) => !s.deleted);
  }

  /** The live schema of the family with this name (case-insensitively), other than `exceptId`. */
  withName(family: FamilyName, name: string, exceptId?: string): StoredDataSchema | undefined {
    const wanted = name.toLowerCase();
    return this.live(family).find((s) => s.id !== exceptId && currentVersion(s).name.toLowerCase() === wanted);
  }

  create(family: FamilyName, write: DataSchemaWrite): StoredDataSchema {
    const schema: StoredDataSchema = { id: randomUUID(), deleted: false, versions: [this.version(write, 1)] };
    this.of(family).set(schema.id, schema);
    return schema;
  }

  update(schema: StoredDataSchema, write: DataSchemaWrite): DataSchemaVersion {
    const version = this.version(write, currentVersion(schema).version + 1);
    schema.versions.push(version);
    return version;
  }

  remove(family: FamilyName, id: string): void {
    this.of(family).delete(id);
  }

  markDeleted(schema: StoredDataSchema): void {
    schema.deleted = true;
  }

  clear(): void {
    for (const map of this.families.values()) map.clear();
  }

  /** True when no family holds a schema (the data file then leaves the DataSchemas out). */
  get empty(): boolean {
    return [...this.families.values()].every((map) => map.size === 0);
  }

  snapshot(): DataSchemaSnapshot {
    const snapshot = {} as DataSchemaSnapshot;
    for (const name of FAMILY_NAMES) snapshot[name] = [...this.of(name).values()];
    return snapshot;
  }

  restore(snapshot: DataSchemaSnapshot): void {
    this.clear();
    for (const name of FAMILY_NAMES) for (const schema of snapshot[name]) this.of(name).set(schema.id, schema);
  }

  private version(write: DataSchemaWrite, version: number): DataSchemaVersion {
    return {
      name: write.name,
      version,
      appliesTo: write.appliesTo,
      enabled: write.enabled,
      dateCreated: new Date(this.now()).toISOString(),
      jsonSchema: write.jsonSchema,
    };
  }
}
