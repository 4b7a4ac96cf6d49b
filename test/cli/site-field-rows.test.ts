import { describe, expect, it } from 'vitest';
import { fieldRows } from '../../src/cli/render/site/field-rows.js';
import { familyNamed } from '../../src/family/index.js';

describe('the catalog field rows', () => {
  it('mark a disabled enum value, and only that one', () => {
    const rows = fieldRows(
      [
        {
          name: 'tier',
          fieldtype: 'string',
          constraints: { enum: ['gold', 'platinum'] },
          disabledValues: ['platinum'],
        },
      ],
      () => undefined,
    );
    expect(rows[0]!.constraints).toContain(
      'one of <code class="enum"><bdi>&quot;gold&quot;</bdi></code> <code class="enum"><bdi>&quot;platinum&quot;</bdi></code> ' +
        '<span class="meta">(disabled)</span>',
    );
  });
});

describe('the catalog field rows of a DataSchema family', () => {
  const fields = [
    { name: 'line', fieldtype: 'string' as const },
    { name: 'link', fieldtype: 'url' as const },
    { name: 'labels', fieldtype: 'list' as const, constraints: { items: { fieldtype: 'string' as const } } },
  ];
  const defaultsOf = (rows: ReturnType<typeof fieldRows>): string[] => rows.map((row) => row.constraints.join('; '));

  it("show the coretypes' widest ranges as the defaults, as the platform holds records to them", () => {
    // docs/targets.md "The coretypes": text 100, url 200, a tag 10 distinct tags of 100 characters.
    expect(defaultsOf(fieldRows(fields, () => undefined, familyNamed('workitems').fieldDefaults))).toEqual([
      'maxLength <code>100</code> <span class="default">(default)</span>',
      'maxLength <code>200</code> <span class="default">(default)</span>',
      'maxItems <code>10</code> <span class="default">(default)</span>; items distinct',
      'maxLength <code>100</code> <span class="default">(default)</span>',
    ]);
  });

  it("say of a native tag's lengths that each tag has them, as a list's item row does", () => {
    const tags = [
      { name: 'keywords', fieldtype: 'tag' as const },
      { name: 'codes', fieldtype: 'tag' as const, constraints: { minLength: 2, maxLength: 8 } },
    ];
    expect(defaultsOf(fieldRows(tags, () => undefined, familyNamed('workitems').fieldDefaults))).toEqual([
      'each maxLength <code>100</code> <span class="default">(default)</span>; maxItems <code>10</code> <span class="default">(default)</span>; items distinct',
      'each minLength <code>2</code>; each maxLength <code>8</code>; maxItems <code>10</code> <span class="default">(default)</span>; items distinct',
    ]);
  });

  it("show a custom object's defaults otherwise", () => {
    expect(defaultsOf(fieldRows(fields, () => undefined))).toEqual([
      'maxLength <code>255</code> <span class="default">(default)</span>',
      'maxLength <code>1000</code> <span class="default">(default)</span>',
      'maxItems <code>100</code> <span class="default">(default)</span>',
      'maxLength <code>255</code> <span class="default">(default)</span>',
    ]);
  });
});
