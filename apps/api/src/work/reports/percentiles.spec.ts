import { distribution } from './percentiles';

describe('distribution of whole days from a histogram', () => {
  it("should give PostgreSQL percentile_cont's median and p90, interpolated", () => {
    // Values 1, 2, 2, 4, 10: median 2; p90 at position 3.6 = 4 + 0.6 * (10 - 4) = 7.6; mean 3.8.
    expect(distribution([{ days: 1, n: 1 }, { days: 2, n: 2 }, { days: 4, n: 1 }, { days: 10, n: 1 }])).toEqual({
      count: 5,
      mean: 3.8,
      median: 2,
      p90: 7.6,
    });
  });

  it('should interpolate the median of an even count and answer zeros for no values', () => {
    expect(distribution([{ days: 3, n: 1 }, { days: 8, n: 1 }]).median).toBe(5.5);
    expect(distribution([])).toEqual({ count: 0, mean: 0, median: 0, p90: 0 });
  });
});
