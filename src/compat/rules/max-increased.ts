import { boundChangeRule } from './bound-change.js';

export const maxIncreased = boundChangeRule({
  id: 'MAX_INCREASED',
  description: 'max increased or removed (number, dateTime).',
  breaks: ['FORWARD'],
  constraint: 'max',
  change: 'increased',
  consequence: 'new values may be above what consumers on the old version accept',
});
