/**
 * A read-only set of schema ids backed by one row of the packed adjacency: the graph's edge sets cost two
 * numbers a reference instead of a hash-set entry each, and iterate in id order.
 */
export class PackedIdSet implements ReadonlySet<string> {
  private members: string[] | undefined;

  /**
   * The members are `targets[start]` .. `targets[end - 1]`: indices into `ids`, ascending, without repeats.
   * `position` maps an id back to its index.
   */
  constructor(
    private readonly ids: readonly string[],
    private readonly position: ReadonlyMap<string, number>,
    private readonly targets: Int32Array,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get size(): number {
    return this.end - this.start;
  }

  has(id: string): boolean {
    const target = this.position.get(id);
    if (target === undefined) return false;
    let low = this.start;
    let high = this.end - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = this.targets[middle]!;
      if (value === target) return true;
      if (value < target) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }

  forEach(callback: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const id of this.list()) callback.call(thisArg, id, id, this);
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.list().values();
  }

  keys(): SetIterator<string> {
    return this[Symbol.iterator]();
  }

  values(): SetIterator<string> {
    return this[Symbol.iterator]();
  }

  entries(): SetIterator<[string, string]> {
    return this.list()
      .map((id): [string, string] => [id, id])
      .values();
  }

  get [Symbol.toStringTag](): string {
    return 'PackedIdSet';
  }

  private list(): string[] {
    if (this.members === undefined) {
      this.members = [];
      for (let k = this.start; k < this.end; k++) this.members.push(this.ids[this.targets[k]!]!);
    }
    return this.members;
  }
}
