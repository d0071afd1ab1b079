import type { AbortCheck } from './cancel';

/**
 * Limited-memory BFGS (Nocedal & Wright, "Numerical Optimization", 2nd ed., Algorithm 7.4 and 7.5) for smooth
 * unconstrained minimisation, with a strong-Wolfe line search (Algorithms 3.5 / 3.6: bracketing, then zoom by
 * safeguarded cubic interpolation — a lighter cousin of Moré–Thuente).
 */

/**
 * The function to minimise. Must return f(x) and write ∇f(x) into `grad` (same length as x).
 * It must not keep or modify `x`.
 */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Number of (s, y) correction pairs kept. Default 10. */
  memory?: number;
  /** Maximum number of iterations (line searches). Default 200. */
  maxIter?: number;
  /** Stop when max_i |∇f(x)_i| ≤ gradTol. Default 1e-5. */
  gradTol?: number;
  /**
   * Stop when the relative decrease (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ valueTol, or when the predicted
   * decrease of the next step, −∇f·d, is ≤ valueTol · |f_k| (below the rounding noise of f).
   * Default 64 · 2^-52 ≈ 1.4e-14. 0 disables both value tests (then only gradTol, maxIter or a failed line
   * search stop the run).
   */
  valueTol?: number;
  /** Maximum function evaluations per line search. Default 20 (as SciPy's L-BFGS-B `maxls`). */
  maxLineSearch?: number;
  /** Sufficient-decrease (Armijo) constant c1. Default 1e-4. */
  c1?: number;
  /** Curvature constant c2 (strong Wolfe). Default 0.9. */
  c2?: number;
  /** checked once per iteration: an aborted signal stops the run by throwing */
  signal?: AbortCheck;
}

export type LbfgsStopReason = 'gradient' | 'value' | 'max-iter' | 'line-search';

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  /** max_i |∇f(x)_i| at the returned x. */
  gradNorm: number;
  iterations: number;
  evaluations: number;
  /** True when stopped by the gradient or value tolerance. */
  converged: boolean;
  reason: LbfgsStopReason;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`lbfgs: ${name} must be a positive integer (got ${v})`);
  return v;
}

/** Minimiser of the cubic through (a, fa, da) and (b, fb, db), or NaN when it does not exist. */
function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
}

/**
 * Minimises `f` from `x0` (not modified). Never throws for a non-converged run: check `converged`/`reason`.
 * Throws a RangeError for bad options or a non-finite starting value.
 */
export function minimizeLbfgs(f: Objective, x0: Float64Array | number[], options: LbfgsOptions = {}): LbfgsResult {
  const opts = options;
  const m = positiveInt('memory', options.memory ?? 10);
  const maxIter = options.maxIter ?? 200;
  if (!Number.isInteger(maxIter) || maxIter < 0)
    throw new RangeError(`lbfgs: maxIter must be a non-negative integer (got ${maxIter})`);
  const gradTol = options.gradTol ?? 1e-5;
  const valueTol = options.valueTol ?? 64 * Number.EPSILON;
  const maxLs = positiveInt('maxLineSearch', options.maxLineSearch ?? 20);
  const c1 = options.c1 ?? 1e-4;
  const c2 = options.c2 ?? 0.9;
  if (!(gradTol >= 0) || !(valueTol >= 0)) throw new RangeError('lbfgs: tolerances must be non-negative');
  if (!(c1 > 0 && c1 < c2 && c2 < 1)) throw new RangeError(`lbfgs: need 0 < c1 < c2 < 1 (got c1=${c1}, c2=${c2})`);

  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let fx = f(x, g);
  let evaluations = 1;
  if (!Number.isFinite(fx)) throw new RangeError(`lbfgs: objective is not finite at the starting point (${fx})`);

  const S: Float64Array[] = [],
    Y: Float64Array[] = [];
  const rho = new Float64Array(m);
  const alpha = new Float64Array(m);
  let head = 0,
    count = 0; // ring buffer of correction pairs
  for (let k = 0; k < m; k++) {
    S.push(new Float64Array(n));
    Y.push(new Float64Array(n));
  }
  const d = new Float64Array(n),
    xNew = new Float64Array(n),
    gNew = new Float64Array(n);

  // Evaluates phi(t) = f(x + t d) into xNew/gNew; returns [phi, phi'].
  const evalAt = (t: number): [number, number] => {
    for (let i = 0; i < n; i++) xNew[i] = x[i] + t * d[i];
    const v = f(xNew, gNew);
    evaluations++;
    return Number.isFinite(v) ? [v, dot(gNew, d)] : [Infinity, NaN];
  };

  // Strong-Wolfe line search; leaves the accepted point in xNew/gNew and returns its value, or null.
  // Also accepts Hager–Zhang's approximate Wolfe point (f within a 1e-10 relative allowance of f(0) and
  // c2·φ'(0) ≤ φ'(t) ≤ (2δ − 1)·φ'(0), δ = 0.1): near the optimum of a large sum the decrease of f is lost in
  // rounding while the gradient is still accurate, and this keeps the iterations going.
  const lineSearch = (t0: number, phi0: number, dphi0: number): number | null => {
    const fAllow = phi0 + 1e-10 * Math.abs(phi0);
    const acceptable = (t: number, ft: number, dt: number): boolean =>
      (ft <= phi0 + c1 * t * dphi0 && Math.abs(dt) <= -c2 * dphi0) ||
      (ft <= fAllow && dt >= c2 * dphi0 && dt <= -0.8 * dphi0);
    let tPrev = 0,
      fPrev = phi0,
      dPrev = dphi0,
      t = t0;
    let lo = 0,
      flo = phi0,
      dlo = dphi0,
      hi = 0,
      fhi = 0,
      dhi = 0;
    let bracketed = false,
      evals = 0;
    while (evals < maxLs) {
      const [ft, dt] = evalAt(t);
      evals++;
      if (acceptable(t, ft, dt)) return ft;
      if (ft > phi0 + c1 * t * dphi0 || (evals > 1 && ft >= fPrev)) {
        lo = tPrev;
        flo = fPrev;
        dlo = dPrev;
        hi = t;
        fhi = ft;
        dhi = dt;
        bracketed = true;
        break;
      }
      if (dt >= 0) {
        lo = t;
        flo = ft;
        dlo = dt;
        hi = tPrev;
        fhi = fPrev;
        dhi = dPrev;
        bracketed = true;
        break;
      }
      tPrev = t;
      fPrev = ft;
      dPrev = dt;
      t *= 2;
    }
    // Never bracketed: the last evaluation was at tPrev (sufficient decrease holds there), still in xNew/gNew.
    if (!bracketed) return tPrev > 0 ? fPrev : null;
    while (evals < maxLs) {
      const w = Math.abs(hi - lo);
      const a = Math.min(lo, hi),
        b = Math.max(lo, hi);
      let t = Number.isFinite(fhi) && Number.isFinite(dhi) ? cubicMin(lo, flo, dlo, hi, fhi, dhi) : NaN;
      if (!(t > a + 0.1 * w && t < b - 0.1 * w)) t = (lo + hi) / 2;
      const [ft, dt] = evalAt(t);
      evals++;
      if (acceptable(t, ft, dt)) return ft;
      if (ft > phi0 + c1 * t * dphi0 || ft >= flo) {
        hi = t;
        fhi = ft;
        dhi = dt;
      } else {
        if (dt * (hi - lo) >= 0) {
          hi = lo;
          fhi = flo;
          dhi = dlo;
        }
        lo = t;
        flo = ft;
        dlo = dt;
      }
      if (w < 1e-16 * Math.max(1, b)) break;
    }
    // Out of evaluations: accept the best point with sufficient decrease, if any (`lo` always has it).
    return lo > 0 ? evalAt(lo)[0] : null;
  };

  let iterations = 0;
  let reason: LbfgsStopReason = 'max-iter';
  let gradNorm = maxAbs(g);
  while (true) {
    opts.signal?.throwIfAborted();
    if (gradNorm <= gradTol) {
      reason = 'gradient';
      break;
    }
    if (iterations >= maxIter) {
      reason = 'max-iter';
      break;
    }

    // Two-loop recursion: d = −H g.
    for (let i = 0; i < n; i++) d[i] = -g[i];
    for (let k = 0; k < count; k++) {
      const j = (head - 1 - k + m) % m;
      alpha[j] = rho[j] * dot(S[j], d);
      const yj = Y[j];
      for (let i = 0; i < n; i++) d[i] -= alpha[j] * yj[i];
    }
    if (count > 0) {
      const j = (head - 1 + m) % m;
      const gamma = 1 / (rho[j] * dot(Y[j], Y[j]));
      for (let i = 0; i < n; i++) d[i] *= gamma;
    }
    for (let k = count - 1; k >= 0; k--) {
      const j = (head - 1 - k + m) % m;
      const beta = rho[j] * dot(Y[j], d);
      const sj = S[j];
      for (let i = 0; i < n; i++) d[i] += (alpha[j] - beta) * sj[i];
    }
    let dphi0 = dot(g, d);
    if (!(dphi0 < 0)) {
      // not a descent direction: forget the history, use steepest descent
      count = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i];
      dphi0 = dot(g, d);
    }
    // Predicted decrease −∇f·d (the decrease of a full quasi-Newton step is about half of it) is below the value
    // tolerance: further progress is lost in rounding, so stop instead of burning line-search evaluations.
    if (valueTol > 0 && -dphi0 <= valueTol * Math.abs(fx)) {
      reason = 'value';
      break;
    }
    const t0 = count === 0 ? Math.min(1, 1 / Math.sqrt(-dphi0)) : 1;
    let fNew = lineSearch(t0, fx, dphi0);
    if (fNew === null && count > 0) {
      // retry once along the steepest descent
      count = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i];
      dphi0 = dot(g, d);
      fNew = lineSearch(Math.min(1, 1 / Math.sqrt(-dphi0)), fx, dphi0);
    }
    if (fNew === null) {
      reason = 'line-search';
      break;
    }
    iterations++;

    let sy = 0,
      yy = 0;
    for (let i = 0; i < n; i++) {
      const yi = gNew[i] - g[i];
      sy += (xNew[i] - x[i]) * yi;
      yy += yi * yi;
    }
    if (sy > 1e-12 * yy) {
      // keep H positive definite; otherwise skip this pair
      const s = S[head],
        yv = Y[head];
      for (let i = 0; i < n; i++) {
        s[i] = xNew[i] - x[i];
        yv[i] = gNew[i] - g[i];
      }
      rho[head] = 1 / sy;
      head = (head + 1) % m;
      count = Math.min(count + 1, m);
    }
    const fOld = fx;
    x.set(xNew);
    g.set(gNew);
    fx = fNew;
    gradNorm = maxAbs(g);
    if (gradNorm <= gradTol) {
      reason = 'gradient';
      break;
    }
    if (valueTol > 0 && fOld - fx <= valueTol * Math.max(Math.abs(fOld), Math.abs(fx), 1)) {
      reason = 'value';
      break;
    }
  }
  return {
    x,
    value: fx,
    gradNorm,
    iterations,
    evaluations,
    converged: reason === 'gradient' || reason === 'value',
    reason,
  };
}
