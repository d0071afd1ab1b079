import { quantileSorted } from '../datasets/histogram';
import { wilson } from '../segments/segment-stats';

/**
 * Predicted vs realised conversion by decile of the prediction. Bin edges are the k/10 quantiles of the predictions
 * (linear interpolation, numpy's default); a prediction p falls in bin k when edge[k] < p ≤ edge[k+1] (the first bin
 * also takes p = edge[0]) — sklearn's `calibration_curve(strategy='quantile')` binning, which depends only on the
 * values, never on their order. Tied predictions collapse edges, so empty bins are dropped (as sklearn does).
 * Each bin reports its count, mean prediction, realised rate and a Wilson 95 % interval of the realised rate.
 */
export interface CalibrationBin {
  /** 1 = the lowest predictions */
  decile: number;
  lo: number;
  hi: number;
  n: number;
  meanPredicted: number;
  conversions: number;
  realised: number;
  ci: [number, number];
  /** true when the mean prediction lies outside the realised rate's interval */
  miscalibrated: boolean;
}

export interface CalibrationSummary {
  bins: CalibrationBin[];
  n: number;
  meanPredicted: number;
  realised: number;
  realisedCi: [number, number];
  /** expected calibration error: Σ (n_k / n) · |mean predicted_k − realised_k| */
  ece: number;
  /** bins whose interval excludes their mean prediction */
  miscalibratedBins: number;
}

export function calibrationByDecile(
  predicted: ArrayLike<number>,
  converted: ArrayLike<number>,
  bins = 10,
): CalibrationSummary {
  const n = predicted.length;
  if (converted.length !== n)
    throw new RangeError(`calibrationByDecile: ${n} predictions but ${converted.length} outcomes`);
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`calibrationByDecile: bins must be a positive integer`);
  for (let i = 0; i < n; i++) {
    if (!(predicted[i] >= 0 && predicted[i] <= 1))
      throw new RangeError(`calibrationByDecile: prediction ${i} is not a probability (${predicted[i]})`);
    if (converted[i] !== 0 && converted[i] !== 1)
      throw new RangeError(`calibrationByDecile: outcome ${i} must be 0 or 1 (${converted[i]})`);
  }
  if (n === 0)
    return { bins: [], n: 0, meanPredicted: 0, realised: 0, realisedCi: [0, 1], ece: 0, miscalibratedBins: 0 };
  const sorted = Float64Array.from(predicted).sort();
  const edges = Array.from({ length: bins + 1 }, (_, k) => quantileSorted(sorted, k / bins));
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    // number of interior edges strictly below p (searchsorted left on edges[1..bins-1])
    let b = 0;
    while (b < bins - 1 && edges[b + 1] < predicted[i]) b++;
    sumP[b] += predicted[i];
    sumY[b] += converted[i];
    count[b]++;
  }
  const out: CalibrationBin[] = [];
  let totalP = 0;
  let totalY = 0;
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    const meanPredicted = sumP[b] / count[b];
    const realised = sumY[b] / count[b];
    const ci = wilson(sumY[b], count[b]);
    totalP += sumP[b];
    totalY += sumY[b];
    ece += (count[b] / n) * Math.abs(meanPredicted - realised);
    out.push({
      decile: b + 1,
      lo: edges[b],
      hi: edges[b + 1],
      n: count[b],
      meanPredicted,
      conversions: sumY[b],
      realised,
      ci,
      miscalibrated: meanPredicted < ci[0] || meanPredicted > ci[1],
    });
  }
  return {
    bins: out,
    n,
    meanPredicted: totalP / n,
    realised: totalY / n,
    realisedCi: wilson(totalY, n),
    ece,
    miscalibratedBins: out.filter((b) => b.miscalibrated).length,
  };
}
