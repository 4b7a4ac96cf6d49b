/** The paging envelope, as a property: from firstUri, nextUri visits every entity once, in order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageEnvelopeJson, parsePageRequest } from '../../src/emulator/paging.js';
import { propertyRuns } from '../support/property-runs.js';

interface Envelope {
  entities: number[];
  pageSize: number;
  pageNumber: number;
  total: number;
  pageCount: number;
  selfUri: string;
  firstUri: string;
  nextUri?: string;
  previousUri?: string;
  lastUri: string;
}

function pageAt(items: string[], uri: string): Envelope {
  const query = new URLSearchParams(uri.slice(uri.indexOf('?') + 1));
  expect(query.get('status')).toBe('DRAFT');
  const page = parsePageRequest(query);
  if ('code' in page) throw new Error(page.message);
  return JSON.parse(pageEnvelopeJson(items, page, '/things', [['status', 'DRAFT']])) as Envelope;
}

describe('pageEnvelopeJson', () => {
  it('walks forward and back over every entity exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 230 }), fc.integer({ min: 1, max: 100 }), (total, pageSize) => {
        const items = Array.from({ length: total }, (_, i) => String(i));
        let page = pageAt(items, `/things?pageSize=${pageSize}&status=DRAFT`);
        expect(page.pageCount).toBe(Math.ceil(total / pageSize));
        expect(page.lastUri).toBe(
          `/things?pageSize=${pageSize}&pageNumber=${Math.max(page.pageCount, 1)}&status=DRAFT`,
        );
        const seen = [...page.entities];
        let hops = 0;
        while (page.nextUri !== undefined) {
          page = pageAt(items, page.nextUri);
          seen.push(...page.entities);
          hops++;
        }
        expect(seen).toEqual(items.map(Number));
        expect(hops).toBe(Math.max(page.pageCount - 1, 0));
        expect(page.selfUri).toBe(page.lastUri);
        const backwards = [...page.entities];
        while (page.previousUri !== undefined) {
          page = pageAt(items, page.previousUri);
          backwards.unshift(...page.entities);
        }
        expect(page.pageNumber).toBe(1);
        expect(page.selfUri).toBe(page.firstUri);
        expect(backwards).toEqual(items.map(Number));
      }),
      { numRuns: propertyRuns(100) },
    );
  });

  it('parses the query: defaults, bounds and non-numbers', () => {
    expect(parsePageRequest(undefined)).toEqual({ pageSize: 25, pageNumber: 1 });
    expect(parsePageRequest(new URLSearchParams('pageSize=100&pageNumber=9'))).toEqual({
      pageSize: 100,
      pageNumber: 9,
    });
    for (const query of [
      'pageSize=0',
      'pageSize=101',
      'pageSize=1.5',
      'pageSize=',
      'pageNumber=0',
      'pageNumber=x',
      'pageNumber=99999999999999999999',
    ]) {
      expect(parsePageRequest(new URLSearchParams(query)), query).toMatchObject({ code: 'bad.request' });
    }
  });
});
