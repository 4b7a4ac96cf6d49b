/**
 * Every page of a paged list (docs/api-contract.md "Paging envelope"). The first page says how many there are; the rest
 * are asked for together and the client's limiter paces them, so a list of 1,000 schemas costs ten requests and
 * about the time of two.
 */
export interface Page<T> {
  entities: T[];
  pageNumber: number;
  pageCount: number;
  total?: number;
  nextUri?: string;
  /** The error that refuses this page's answer as no part of a list, saying `detail` (Error(detail) when absent). */
  refuse?: (detail: string) => Error;
}

/** The largest page the platform serves. */
export const MAX_PAGE_SIZE = 100;

/**
 * The most pages a list is read in: 100,000 entries at 100 a page, 200 times the schemas an org holds by default
 * (docs/api-contract.md). An answer that counts more is no list the API serves, and asking for every page it names
 * at once (a pageCount of a million) filled the memory before the first came back.
 */
export const MAX_PAGES = 1000;

export async function collectPages<T>(fetchPage: (pageNumber: number) => Promise<Page<T>>): Promise<T[]> {
  const first = await numbered(fetchPage, 1);
  if (!Number.isFinite(first.pageCount) || first.pageCount <= 1) {
    if (first.nextUri !== undefined) return followNext(first, fetchPage);
    // One page and no next, yet a total of more than it holds: part of a list, with no way to the rest. Read as the
    // whole list, the schemas left out would be planned as creates (the org holds them) and never compared.
    if (first.total !== undefined && first.total > first.entities.length)
      throw refusal(
        first,
        `${first.entities.length} of the ${first.total} entries its total counts, on one page with no next`,
      );
    return first.entities;
  }
  if (!Number.isInteger(first.pageCount) || first.pageCount > MAX_PAGES)
    throw refusal(first, `a pageCount of ${first.pageCount}, where a list has a whole number of at most ${MAX_PAGES}`);
  const rest = await Promise.all(
    Array.from({ length: first.pageCount - 1 }, (_, index) => numbered(fetchPage, index + 2)),
  );
  return [first, ...rest].flatMap((page) => page.entities);
}

/**
 * An envelope without pageCount: follow nextUri one page at a time. A server that ignores the page asked for would
 * answer the same page, and its nextUri, for ever: a repeated nextUri ends the list as an error, and so does a
 * list longer than MAX_PAGES.
 */
async function followNext<T>(first: Page<T>, fetchPage: (pageNumber: number) => Promise<Page<T>>): Promise<T[]> {
  const entities = [...first.entities];
  let page = first;
  while (page.nextUri !== undefined && page.entities.length > 0) {
    if (page.pageNumber >= MAX_PAGES)
      throw refusal(page, `a nextUri after page ${page.pageNumber}, where a list has at most ${MAX_PAGES} pages`);
    const next = await numbered(fetchPage, page.pageNumber + 1);
    if (next.nextUri === page.nextUri)
      throw refusal(next, `the nextUri of the page before (${next.nextUri}): the list would never end`);
    entities.push(...next.entities);
    page = next;
  }
  return entities;
}

/**
 * A page is the one asked for: a server that answers page 1 whatever is asked would have the other pages read as
 * copies of it, and the schemas on them as absent (plan would create them).
 */
async function numbered<T>(fetchPage: (pageNumber: number) => Promise<Page<T>>, pageNumber: number): Promise<Page<T>> {
  const page = await fetchPage(pageNumber);
  if (page.pageNumber !== pageNumber)
    throw refusal(page, `page ${page.pageNumber} where page ${pageNumber} was asked for`);
  return page;
}

function refusal(page: Page<unknown>, detail: string): Error {
  return page.refuse?.(detail) ?? new Error(detail);
}

/**
 * Reads the envelope: a missing count means "follow nextUri"; a body without a list of entities is no page
 * (undefined), never an empty one, which would read an org as holding nothing.
 */
export function readPage<T>(body: unknown, pageNumber: number): Page<T> | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const raw = body as Record<string, unknown>;
  if (!Array.isArray(raw['entities'])) return undefined;
  const page: Page<T> = {
    entities: raw['entities'] as T[],
    pageNumber: typeof raw['pageNumber'] === 'number' ? raw['pageNumber'] : pageNumber,
    pageCount: typeof raw['pageCount'] === 'number' ? raw['pageCount'] : NaN,
  };
  if (typeof raw['total'] === 'number') page.total = raw['total'];
  if (typeof raw['nextUri'] === 'string' && raw['nextUri'] !== '') page.nextUri = raw['nextUri'];
  return page;
}
