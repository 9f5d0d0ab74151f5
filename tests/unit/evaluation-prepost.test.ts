import { describe, expect, it } from 'vitest';
import { compare, pairAttempts, type GradedAttempt } from '../../server/evaluation/prepost.ts';

const day = (d: number) => new Date(Date.UTC(2026, 4, d));
let next = 0;
const at = (quizId: number, personId: number, pct: number, d: number): GradedAttempt => ({ id: ++next, quizId, personId, submittedAt: day(d), pct });

describe('pairAttempts', () => {
  it('takes the first pre-test and the best post-test after it', () => {
    const pairs = pairAttempts([at(1, 7, 90, 3), at(1, 7, 50, 1), at(2, 7, 60, 5), at(2, 7, 80, 6), at(2, 7, 99, 0)], 1, 2);
    expect(pairs).toEqual([{ personId: 7, pre: 50, post: 80, gain: 30, normalisedGain: 0.6 }]);
  });

  it('with one quiz for both, counts the first attempt as the pre-test and the best later one as the post-test', () => {
    const pairs = pairAttempts([at(3, 8, 40, 1), at(3, 8, 70, 2), at(3, 8, 65, 3)], 3, 3);
    expect(pairs).toEqual([{ personId: 8, pre: 40, post: 70, gain: 30, normalisedGain: 0.5 }]);
    expect(pairAttempts([at(3, 9, 40, 1)], 3, 3)).toEqual([]);
  });

  it('gives no normalised gain to a perfect pre-test', () => {
    expect(pairAttempts([at(1, 5, 100, 1), at(2, 5, 90, 2)], 1, 2)[0]).toMatchObject({ gain: -10, normalisedGain: null });
  });
});

describe('compare', () => {
  it('computes Hake’s class gain from the averages and the mean of individual gains', () => {
    const c = compare([
      { personId: 1, pre: 40, post: 70, gain: 30, normalisedGain: 0.5 },
      { personId: 2, pre: 50, post: 80, gain: 30, normalisedGain: 0.6 },
      { personId: 3, pre: 80, post: 70, gain: -10, normalisedGain: -0.5 },
    ]);
    expect(c).toMatchObject({ people: 3, preAvg: 56.67, postAvg: 73.33, gainAvg: 16.67, normalisedGain: 0.385, individualGainAvg: 0.2, improvedPct: 66.67 });
  });

  it('has no figures without people', () => {
    expect(compare([])).toMatchObject({ people: 0, preAvg: null, normalisedGain: null, improvedPct: null });
  });
});
