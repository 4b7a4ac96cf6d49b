/** Field types in messages: "an email field", "a string field". */
export function aFieldOf(fieldtype: string): string {
  return `${/^[aeio]/i.test(fieldtype) ? 'an' : 'a'} ${fieldtype} field`;
}
