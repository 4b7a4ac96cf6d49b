/** Whether a paired value is a field marked required (a list's element never is: it has no `required`). */
import type { ListItems, SchemaField } from '../../model/schema.js';

export function isRequired(value: SchemaField | ListItems | undefined, element: boolean): boolean {
  return !element && value !== undefined && (value as SchemaField).required === true;
}
