/**
 * "Nice" axis ticks (Heckbert, Graphics Gems 1990): steps of 1, 2, 2.5 or 5 × 10^k, so a ROC axis reads
 * 0 / 0.25 / 0.5 / 0.75 / 1 and a count axis 0 / 50,000 / 100,000 / 150,000 — never 0.3 / 0.65 / 1.95.
 */
export interface NiceScale {
  min: number;
  max: number;
  step: number;
  ticks: number[];
}

/** The nice step ≥ raw: 1, 2, 2.5, 5 or 10 times a power of ten. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) throw new RangeError(`step must be a positive finite number, got ${raw}`);
  const exp = Math.floor(Math.log10(raw));
  const base = 10 ** exp;
  const f = raw / base;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * base;
}

/**
 * Ticks covering [lo, hi] with about `count` intervals (fewer when a nicer step fits). Rounded to the step's
 * decimals, so 0.1 + 0.2 shows as 0.3. A flat range (lo = hi) is widened to one step around the value.
 */
export function niceTicks(lo: number, hi: number, count = 5): NiceScale {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new RangeError('tick range must be finite');
  if (!(count >= 1)) throw new RangeError('count must be at least 1');
  let a = Math.min(lo, hi);
  let b = Math.max(lo, hi);
  if (a === b) {
    const pad = a === 0 ? 1 : Math.abs(a) * 0.1;
    a -= pad;
    b += pad;
  }
  const step = niceStep((b - a) / count);
  const decimals = Math.max(
    0,
    -Math.floor(Math.log10(step)) + (step / 10 ** Math.floor(Math.log10(step)) === 2.5 ? 1 : 0),
  );
  const round = (v: number) => Number(v.toFixed(decimals));
  const min = round(Math.floor(a / step + 1e-9) * step);
  const max = round(Math.ceil(b / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let v = min; v <= max + step / 2; v += step) ticks.push(round(v));
  return { min, max, step, ticks };
}
