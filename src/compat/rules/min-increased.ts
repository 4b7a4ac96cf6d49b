import { boundChangeRule } from './bound-change.js';

export const minIncreased = boundChangeRule({
  id: 'MIN_INCREASED',
  description: 'min increased or added (number, dateTime).',
  breaks: ['BACKWARD'],
  constraint: 'min',
  change: 'increased',
  consequence: 'stored values below the new minimum would no longer be valid',
});
