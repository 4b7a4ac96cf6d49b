import { describe, expect, it } from 'vitest';
import { collectPages, MAX_PAGES, readPage, type Page } from '../../src/genesys/paging.js';

describe('collectPages', () => {
  it('reads the first page, then every other page, in order', async () => {
    const asked: number[] = [];
    const all = await collectPages<number>(async (n) => {
      asked.push(n);
      return { entities: [n * 10, n * 10 + 1], pageNumber: n, pageCount: 4 };
    });
    expect(all).toEqual([10, 11, 20, 21, 30, 31, 40, 41]);
    expect(asked.sort()).toEqual([1, 2, 3, 4]);
  });

  it('follows nextUri when the envelope has no pageCount', async () => {
    const pages: Array<Page<string>> = [
      { entities: ['a'], pageNumber: 1, pageCount: NaN, nextUri: '/x?pageNumber=2' },
      { entities: ['b'], pageNumber: 2, pageCount: NaN, nextUri: '/x?pageNumber=3' },
      { entities: ['c'], pageNumber: 3, pageCount: NaN },
    ];
    expect(await collectPages<string>(async (n) => pages[n - 1]!)).toEqual(['a', 'b', 'c']);
  });

  it('asks once for an empty list', async () => {
    let calls = 0;
    expect(
      await collectPages(async () => {
        calls++;
        return { entities: [], pageNumber: 1, pageCount: 0 };
      }),
    ).toEqual([]);
    expect(calls).toBe(1);
  });
});

describe('collectPages against paging that never ends', () => {
  it('refuses a pageCount past MAX_PAGES or not whole, before asking for another page', async () => {
    for (const pageCount of [1_000_000, MAX_PAGES + 1, 2.5]) {
      const asked: number[] = [];
      await expect(
        collectPages<number>(async (n) => {
          asked.push(n);
          return { entities: [n], pageNumber: n, pageCount };
        }),
      ).rejects.toThrow(`a pageCount of ${pageCount}`);
      expect(asked).toEqual([1]);
    }
  });

  it('refuses one page without a next whose total counts more than it holds: part of a list, not the list', async () => {
    const page = (total: number): Page<string> => ({ entities: ['a', 'b'], pageNumber: 1, pageCount: 1, total });
    await expect(collectPages<string>(async () => page(250))).rejects.toThrow(
      '2 of the 250 entries its total counts, on one page with no next',
    );
    expect(await collectPages<string>(async () => page(2))).toEqual(['a', 'b']);
  });

  it('refuses a page numbered other than the one asked for, rather than reading it as that page', async () => {
    const asked: number[] = [];
    await expect(
      collectPages<string>(async (n) => {
        asked.push(n);
        return { entities: ['same'], pageNumber: 1, pageCount: NaN, nextUri: '/x?pageNumber=2' };
      }),
    ).rejects.toThrow('page 1 where page 2 was asked for');
    expect(asked).toEqual([1, 2]);
    await expect(
      collectPages<string>(async () => ({ entities: ['same'], pageNumber: 1, pageCount: 3 })),
    ).rejects.toThrow('page 1 where page 2 was asked for');
  });

  it('stops at a nextUri that repeats, and past MAX_PAGES, with the page refusal the caller gave', async () => {
    const asked: number[] = [];
    const refuse = (detail: string) => new RangeError(`refused: ${detail}`);
    await expect(
      collectPages<string>(async (n) => {
        asked.push(n);
        return { entities: ['same'], pageNumber: n, pageCount: NaN, nextUri: '/x?pageNumber=2', refuse };
      }),
    ).rejects.toThrow(/^refused: the nextUri of the page before/);
    expect(asked).toEqual([1, 2]);

    asked.length = 0;
    await expect(
      collectPages<number>(async (n) => {
        asked.push(n);
        return { entities: [n], pageNumber: n, pageCount: NaN, nextUri: `/x?pageNumber=${n + 1}` };
      }),
    ).rejects.toThrow(`a nextUri after page ${MAX_PAGES}`);
    expect(asked).toHaveLength(MAX_PAGES);
  });
});

describe('readPage', () => {
  it('reads the envelope, a missing count as "follow nextUri"', () => {
    expect(readPage({ entities: [1], pageNumber: 2, pageCount: 3, total: 51, nextUri: '/n' }, 2)).toEqual({
      entities: [1],
      pageNumber: 2,
      pageCount: 3,
      total: 51,
      nextUri: '/n',
    });
    const bare = readPage({ entities: [] }, 4);
    expect(bare?.entities).toEqual([]);
    expect(bare?.pageNumber).toBe(4);
    expect(Number.isNaN(bare?.pageCount)).toBe(true);
  });

  it('reads no page from a body without a list of entities, rather than an empty one', () => {
    for (const body of ['<html>not json</html>', undefined, null, [], {}, { entities: 'x' }, { foo: 1 }])
      expect(readPage(body, 1)).toBeUndefined();
  });
});
