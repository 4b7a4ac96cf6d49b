import { describe, expect, it } from 'vitest';
import { fieldRows } from '../../src/cli/render/site/field-rows.js';

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
      'one of <code class="enum">&quot;gold&quot;</code> <code class="enum">&quot;platinum&quot;</code> ' +
        '<span class="meta">(disabled)</span>',
    );
  });
});
