import { boundChangeRule } from './bound-change.js';

export const minLengthIncreased = boundChangeRule({
  id: 'MIN_LENGTH_INCREASED',
  description: 'minLength increased (an unset minLength counts as 0).',
  breaks: ['BACKWARD'],
  constraint: 'minLength',
  change: 'increased',
  consequence: 'stored values shorter than the new minimum would no longer be valid',
});
