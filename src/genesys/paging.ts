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
}

/** The largest page the platform serves. */
export const MAX_PAGE_SIZE = 100;

export async function collectPages<T>(fetchPage: (pageNumber: number) => Promise<Page<T>>): Promise<T[]> {
  const first = await fetchPage(1);
  if (!Number.isFinite(first.pageCount) || first.pageCount <= 1) {
    return first.nextUri === undefined ? first.entities : followNext(first, fetchPage);
  }
  const rest = await Promise.all(Array.from({ length: first.pageCount - 1 }, (_, index) => fetchPage(index + 2)));
  return [first, ...rest].flatMap((page) => page.entities);
}

/** An envelope without pageCount: follow nextUri one page at a time. */
async function followNext<T>(first: Page<T>, fetchPage: (pageNumber: number) => Promise<Page<T>>): Promise<T[]> {
  const entities = [...first.entities];
  let page = first;
  while (page.nextUri !== undefined && page.entities.length > 0) {
    page = await fetchPage(page.pageNumber + 1);
    entities.push(...page.entities);
  }
  return entities;
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
