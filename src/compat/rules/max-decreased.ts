import { boundChangeRule } from './bound-change.js';

export const maxDecreased = boundChangeRule({
  id: 'MAX_DECREASED',
  description: 'max decreased or added (number, dateTime).',
  breaks: ['BACKWARD'],
  constraint: 'max',
  change: 'decreased',
  consequence: 'stored values above the new maximum would no longer be valid',
});
