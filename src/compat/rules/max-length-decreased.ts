import { boundChangeRule } from './bound-change.js';

export const maxLengthDecreased = boundChangeRule({
  id: 'MAX_LENGTH_DECREASED',
  description: 'maxLength decreased (an unset maxLength counts as the type default).',
  breaks: ['BACKWARD'],
  constraint: 'maxLength',
  change: 'decreased',
  consequence: 'stored values longer than the new maximum would no longer be valid',
});
