/**
 * Identity on the DataSchema families, which have no externalId: a schema is its name, which the platform keeps
 * unique in a family (case aside). A file names it in `name`, and its externalId (the key plan, apply, audit and
 * references use) must be that name's identifier form: lower case, every run of other characters one `_`.
 * "Loan application" is `loan_application`. A rename is therefore another schema, as it is on the platform.
 */
import { IDENTIFIER_PATTERN } from '../../model/schema.js';

export function identityOfName(name: string): string {
  let id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(id)) id = `s_${id}`;
  id = id.slice(0, 64).replace(/_+$/, '');
  return IDENTIFIER_PATTERN.test(id) ? id : 's';
}
