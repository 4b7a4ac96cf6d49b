import { boundChangeRule } from './bound-change.js';

export const minLengthDecreased = boundChangeRule({
  id: 'MIN_LENGTH_DECREASED',
  description: 'minLength decreased or removed.',
  breaks: ['FORWARD'],
  constraint: 'minLength',
  change: 'decreased',
  consequence: 'new values may be shorter than consumers on the old version accept',
});
