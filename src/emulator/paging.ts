/**
 * The platform's paging envelope (docs/api-contract.md "Paging envelope"): `?pageSize=` 1–100 (default 25) and
 * `?pageNumber=` from 1. URIs are relative, carry the same filters, and `lastUri` names page 1 when there is nothing to
 * page. A page past the last one is an empty page, not an error (docs/api-contract.md).
 */
import type { Problem } from './error-body.js';
import { CODES } from './error-body.js';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  pageSize: number;
  pageNumber: number;
}

function positiveInteger(text: string | null, fallback: number): number | undefined {
  if (text === null) return fallback;
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** The page asked for, or the problem with the query (400 `bad.request`). */
export function parsePageRequest(query: URLSearchParams | undefined): PageRequest | Problem {
  const pageSize = positiveInteger(query?.get('pageSize') ?? null, DEFAULT_PAGE_SIZE);
  if (pageSize === undefined || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    return {
      code: CODES.badRequest,
      message: `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`,
      fieldName: 'pageSize',
    };
  }
  const pageNumber = positiveInteger(query?.get('pageNumber') ?? null, 1);
  if (pageNumber === undefined || pageNumber < 1) {
    return { code: CODES.badRequest, message: 'pageNumber must be an integer of at least 1', fieldName: 'pageNumber' };
  }
  return { pageSize, pageNumber };
}

export function isProblem(value: PageRequest | Problem): value is Problem {
  return (value as Problem).code !== undefined;
}

/**
 * The envelope as JSON text, built around entities that are already JSON (each stored version keeps its text).
 * `filters` are appended to every URI, in order, after pageSize and pageNumber.
 */
export function pageEnvelopeJson(
  entitiesJson: readonly string[],
  page: PageRequest,
  basePath: string,
  filters: ReadonlyArray<[string, string]> = [],
): string {
  const total = entitiesJson.length;
  const pageCount = Math.ceil(total / page.pageSize);
  const start = (page.pageNumber - 1) * page.pageSize;
  const slice = start < total ? entitiesJson.slice(start, start + page.pageSize) : [];
  const suffix = filters.map(([k, v]) => `&${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('');
  const uri = (n: number): string => `${basePath}?pageSize=${page.pageSize}&pageNumber=${n}${suffix}`;
  let text = `{"entities":[${slice.join(',')}],"pageSize":${page.pageSize},"pageNumber":${page.pageNumber},"total":${total},"pageCount":${pageCount}`;
  text += `,"selfUri":${JSON.stringify(uri(page.pageNumber))},"firstUri":${JSON.stringify(uri(1))}`;
  if (page.pageNumber < pageCount) text += `,"nextUri":${JSON.stringify(uri(page.pageNumber + 1))}`;
  if (page.pageNumber > 1)
    text += `,"previousUri":${JSON.stringify(uri(Math.min(page.pageNumber - 1, Math.max(pageCount, 1))))}`;
  text += `,"lastUri":${JSON.stringify(uri(Math.max(pageCount, 1)))}}`;
  return text;
}
