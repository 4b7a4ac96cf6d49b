/**
 * `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 section 10.2.3); the platform sends seconds
 * (docs/api-contract.md), proxies sometimes send dates.
 *
 * Anything else is no Retry-After (undefined: the caller backs off, the limiter pauses its default), never a date:
 * `Date.parse` reads almost any text as one (`-1`, `Sat 5`, `abc 12` are days of 2001), and a date long past
 * would mean "send again at once", so a garbled header turned every remaining attempt into an immediate resend.
 */
const DELTA_SECONDS = /^\d+(\.\d+)?$/;
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** IMF-fixdate, the obsolete RFC 850 form and asctime's, the three RFC 9110 section 5.6.7 has a recipient accept. */
const HTTP_DATES = [
  new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`),
  new RegExp(`^${LONG_DAY}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`),
  new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`),
];

export function parseRetryAfter(value: string | undefined | null, now: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value.trim();
  if (DELTA_SECONDS.test(text)) return Math.round(Number(text) * 1000);
  if (HTTP_DATES.some((form) => form.test(text))) {
    // asctime's form carries no zone: it is GMT, not the local time Date.parse would take it for.
    const date = Date.parse(text.endsWith(' GMT') ? text : `${text} GMT`);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
  }
  // Sent twice, the header reaches a fetch joined with ", " (node:http keeps the first): the first one counts.
  const first = text.split(',')[0]?.trim() ?? '';
  return DELTA_SECONDS.test(first) ? Math.round(Number(first) * 1000) : undefined;
}
