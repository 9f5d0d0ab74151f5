import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, withDefaults } from '../../server/competencies/settings.ts';
import { formOfGap } from '../../server/competencies/training-needs.ts';

describe('training-needs settings and proposals', () => {
  it('fills the training-needs weights over the defaults and refuses a negative one', () => {
    expect(withDefaults({}).trainingNeeds).toEqual({ signalMonths: 6, signalWeights: { D: 1, C: 0.5, B: 0.25 }, jpPerLevel: 8 });
    expect(withDefaults({ trainingNeeds: { signalWeights: { D: 2 } } }).trainingNeeds).toEqual({ signalMonths: 6, signalWeights: { D: 2, C: 0.5, B: 0.25 }, jpPerLevel: 8 });
    expect(withDefaults({ trainingNeeds: { signalWeights: { C: -1 } } })).toEqual(DEFAULT_SETTINGS);
  });

  it('proposes e-learning up to an average gap of 1, a webinar up to 2, coaching above', () => {
    expect([1, 1.01, 2, 2.01, 4].map(formOfGap)).toEqual(['e_learning', 'webinar', 'webinar', 'coaching', 'coaching']);
  });
});
