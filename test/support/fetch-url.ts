/** The URL a fetch was asked for, in whichever form it came (`String(request)` would give `[object Request]`). */
export function fetchUrl(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}
