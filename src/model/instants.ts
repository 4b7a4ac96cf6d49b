/**
 * The instant an ISO-8601 date or date-time (a dateTime field's `min`/`max`) stands for. JavaScript reads a date
 * alone as UTC but a date-time without an offset in the time zone of the machine, so two bounds written one way
 * and the other compared differently in New York and in CI: a plan's compatibility verdict, a min found after its
 * max, an emulator's refusal. A date-time without an offset is read as UTC here, as a date alone is, so that every
 * comparison of bounds gives one answer wherever it runs (docs/compatibility.md).
 */

/** A date-time with a time of day and no offset (`2024-01-31T12:00`, `...:00.5`): read as UTC. */
const WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** Whether the text is a date-time with a time of day and no offset, which is read as UTC. */
export function lacksOffset(text: string): boolean {
  return WITHOUT_OFFSET.test(text);
}

/** Milliseconds since the epoch, or undefined when the text is no date JavaScript can read. */
export function instantOf(text: string): number | undefined {
  const time = Date.parse(lacksOffset(text) ? `${text}Z` : text);
  return Number.isNaN(time) ? undefined : time;
}
