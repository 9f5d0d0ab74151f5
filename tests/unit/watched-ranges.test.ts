import { describe, expect, it } from 'vitest';
import { mergeRanges, rangesTotal } from '../../server/courses/service.ts';

describe('mergeRanges', () => {
  it('counts seconds watched twice only once', () => {
    const merged = mergeRanges([[0, 10], [5, 20], [30, 40], [40.2, 45]]);
    expect(merged).toEqual([[0, 20], [30, 45]]);
    expect(rangesTotal(merged)).toBe(35);
  });
  it('drops empty, reversed and non-finite ranges', () => {
    expect(mergeRanges([[5, 5], [9, 3], [Number.NaN, 4], [-3, 2]])).toEqual([[0, 2]]);
  });
});
