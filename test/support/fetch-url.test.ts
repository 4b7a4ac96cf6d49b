import { describe, expect, it } from 'vitest';
import { fetchUrl } from './fetch-url.js';

describe('fetchUrl', () => {
  it('reads the URL of a string, a URL and a Request alike', () => {
    const url = 'http://127.0.0.1:8080/api/v2/customobjects/schemas?pageSize=1';
    expect([fetchUrl(url), fetchUrl(new URL(url)), fetchUrl(new Request(url))]).toEqual([url, url, url]);
  });
});
