/**
 * `pull` of a schema holding a property cxschema cannot read (a coretype it does not know, as a real org may
 * serve): the file is written without it, and both the file and the report say what was left out; a property read
 * otherwise than the org holds it (a tag whose items may repeat) is in the file, and said to differ.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderPull } from '../../src/cli/pull-action.js';
import { WORKITEMS_FAMILY } from '../../src/family/index.js';
import { pullSchemas } from '../../src/org/pull.js';
import { schemaFileText } from '../../src/org/schema-file-text.js';
import { fetchUrl } from '../support/fetch-url.js';
import { REPEATING_TAG } from '../emulator/dataschema-fixtures.js';
import { startFamilyOrg, type FamilyOrg } from '../support/family-org-rig.js';

let org: FamilyOrg | undefined;
let dir: string | undefined;
afterEach(async () => {
  await org?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  org = undefined;
  dir = undefined;
});

const MULTISELECT = { allOf: [{ $ref: '#/definitions/multiselect' }], title: 'Colours', enum: ['red', 'blue'] };

/** The list as an org would serve it, each schema holding these properties besides its own. */
function listHolding(properties: Record<string, unknown>): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (new URL(fetchUrl(input)).pathname !== '/api/v2/taskmanagement/workitems/schemas' || !response.ok)
      return response;
    const body = (await response.json()) as {
      entities: Array<{ jsonSchema: { properties: Record<string, unknown> } }>;
    };
    for (const entity of body.entities) Object.assign(entity.jsonSchema.properties, properties);
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

/** A property of a coretype cxschema does not know, and a tag whose items may repeat. */
const UNREAD = { colours_multiselect: MULTISELECT, labels_tag: REPEATING_TAG };

/** An org read through `fetch`, holding the schema `claim`. */
async function orgWithClaim(fetch: typeof globalThis.fetch): Promise<FamilyOrg> {
  const started = await startFamilyOrg(WORKITEMS_FAMILY, {}, { fetch });
  await started.other.create({
    externalId: 'claim',
    name: 'Claim',
    version: 1,
    status: 'PUBLISHED',
    fields: [{ name: 'summary', fieldtype: 'string' }],
  });
  return started;
}

describe('pull of a schema with a property cxschema cannot read', () => {
  it('writes the file without it, and says so in the file and in the report', async () => {
    org = await orgWithClaim(listHolding(UNREAD));
    dir = await mkdtemp(join(tmpdir(), 'cxschema-pull-left-out-'));
    const result = await pullSchemas({ target: org.target, orgDomain: 'emulator', outDir: dir });

    const said = 'colours_multiselect ($ref #/definitions/multiselect)';
    const differs = 'labels_tag (a tag whose items may repeat)';
    expect(result.files.map((file) => [file.externalId, file.leftOut, file.readDifferently])).toEqual([
      ['claim', [said], [differs]],
    ]);
    const text = await readFile(join(dir, 'claim.schema.yaml'), 'utf8');
    expect(text.split('\n')[2]).toBe(
      `# Left out, as cxschema cannot read them (a plan blocks writes to this schema while the org holds them): ${said}.`,
    );
    // The tag is in the file: it is said to differ, never to be left out.
    expect(text.split('\n')[3]).toBe(
      `# In this file, but not as the org holds them (a plan blocks writes to this schema while the org holds them so): ${differs}.`,
    );
    expect(text).not.toContain('colours:');
    expect(text).toContain('name: labels');
    const report = renderPull(result, dir, false);
    expect(report).toContain(
      `      ! left out (cxschema cannot read them; a plan blocks writes to this schema): ${said}\n`,
    );
    expect(report).toContain(
      `      ! not as in the org (the file holds them otherwise; a plan blocks writes to this schema): ${differs}\n`,
    );
  });

  it("takes its own file for unchanged when the org's text held a lone surrogate", async () => {
    org = await orgWithClaim(listHolding({ ...UNREAD, 'odd\uDC00_multiselect': MULTISELECT }));
    dir = await mkdtemp(join(tmpdir(), 'cxschema-pull-lone-'));
    const first = await pullSchemas({ target: org.target, orgDomain: 'emulator', outDir: dir });
    expect(first.files[0]!.action).toBe('created');
    const again = await pullSchemas({ target: org.target, orgDomain: 'emulator', outDir: dir });
    expect(again.files[0]!.action).toBe('unchanged');
    expect(await readFile(join(dir, 'claim.schema.yaml'), 'utf8')).toContain('odd\uFFFD_multiselect');
  });

  it("writes the comments' text well-formed, whatever it is given", () => {
    const text = schemaFileText(
      {
        id: 'x',
        externalId: 'claim',
        name: 'Claim',
        version: 1,
        status: 'PUBLISHED',
        fields: [],
        dateCreated: '',
        dateModified: '',
        selfUri: '',
        unread: ['a\uD800b (no coretype cxschema reads)'],
      },
      { org: 'org\uDFFF', schemaRef: 'x' },
    );
    expect(/\p{Cs}/u.test(text)).toBe(false);
    expect(text).toContain('a\uFFFDb (no coretype');
  });
});
