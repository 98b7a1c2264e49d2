// Percentiles of whole-day durations from a histogram (value, count), as PostgreSQL's
// percentile_cont computes them from the raw values: the value at position p·(n−1) of the sorted
// values, interpolated between its neighbours. Exact, because the durations are whole days.

export interface Bin {
  days: number;
  n: number;
}

export interface Distribution {
  count: number;
  mean: number;
  median: number;
  p90: number;
}

/** `bins` sorted by days ascending, each value once. */
export function distribution(bins: readonly Bin[]): Distribution {
  const count = bins.reduce((s, b) => s + b.n, 0);
  const total = bins.reduce((s, b) => s + b.days * b.n, 0);
  return {
    count,
    mean: count ? round(total / count) : 0,
    median: count ? round(percentile(bins, count, 0.5)) : 0,
    p90: count ? round(percentile(bins, count, 0.9)) : 0,
  };
}

function percentile(bins: readonly Bin[], count: number, p: number): number {
  const position = p * (count - 1);
  const lower = Math.floor(position);
  const lowerValue = valueAt(bins, lower);
  if (position === lower) return lowerValue;
  return lowerValue + (position - lower) * (valueAt(bins, lower + 1) - lowerValue);
}

// The k-th smallest value (0-based).
function valueAt(bins: readonly Bin[], k: number): number {
  let seen = 0;
  for (const b of bins) {
    seen += b.n;
    if (k < seen) return b.days;
  }
  return bins[bins.length - 1].days;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
