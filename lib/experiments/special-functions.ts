/**
 * Special functions for the experiment statistics, written from the textbook formulas (no dependencies):
 *
 * - `logGamma(x)`                 ln Γ(x), Lanczos approximation (g = 7, 9 coefficients), reflection for x < 0.5.
 * - `logBeta(a, b)`               ln B(a, b), via Stirling remainders for large arguments (no cancellation).
 * - `regularizedGammaP(a, x)`     P(a, x) = γ(a, x)/Γ(a): power series for x < a + 1, else 1 − Q from the
 *   `regularizedGammaQ(a, x)`     continued fraction (modified Lentz). Numerical Recipes §6.2.
 * - `regularizedBeta(x, a, b)`    I_x(a, b): continued fraction (modified Lentz), with the symmetry
 *                                 I_x(a, b) = 1 − I_{1−x}(b, a) when x > (a + 1)/(a + b + 2). NR §6.4.
 * - `normalCdf(z)`, `normalSf(z)` Φ(z) = ½ erfc(−z/√2) and erfc(y) = Q(½, y²): accurate in both tails.
 * - `normalQuantile(p)`           Φ⁻¹(p), Wichura's AS 241 (PPND16, ~1e-16 relative).
 * - `studentTCdf(t, df)`          F(t) = 1 − ½ I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0 (symmetric for t < 0).
 * - `studentTTwoSidedP(t, df)`    2·(1 − F(|t|)) = I_{ν/(ν+t²)}(ν/2, ½), computed directly (no cancellation).
 * - `chiSquareSf(x, df)`          1 − F(x) = Q(df/2, x/2).
 *
 * Accuracy (checked against scipy.special in the tests): about 1e-13 relative in the ranges used here.
 */

const EPS = 1e-15;
const TINY = 1e-300;

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (and non-integer x ≤ 0 via reflection; returns ln|Γ(x)|). */
export function logGamma(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`logGamma: x must be finite (got ${x})`);
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx)
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) s += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Stirling remainder δ(x) = ln Γ(x) − [(x − ½) ln x − x + ln √(2π)] for x ≥ 10 (asymptotic series up to x⁻¹³,
 * truncation error < 1e-16 there).
 */
function stirlingCorrection(x: number): number {
  const r = 1 / (x * x);
  return (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r * (1 / 1680 - r * (1 / 1188 - r * (691 / 360360 - r / 156)))))) / x;
}

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). For large arguments the three big ln Γ terms cancel and lose
 * ~ulp(ln Γ(a + b)) absolutely, so (as R's lbeta does) the Stirling remainders are combined instead.
 */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p >= 10) {
    const corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q);
    return -0.5 * Math.log(q) + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q));
  }
  if (q >= 10) {
    const corr = stirlingCorrection(q) - stirlingCorrection(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

function checkGammaArgs(name: string, a: number, x: number): void {
  if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`${name}: a must be > 0 (got ${a})`);
  if (!(x >= 0)) throw new RangeError(`${name}: x must be >= 0 (got ${x})`);
}

function maxIterations(scale: number): number {
  // Series and continued fractions need O(sqrt(max parameter)) terms; keep a generous floor.
  return 1000 + Math.ceil(20 * Math.sqrt(scale));
}

/** Power series for P(a, x), valid (fast) for x < a + 1. */
function gammaSeries(a: number, x: number): number {
  let ap = a;
  let sum = 1 / a;
  let del = sum;
  const maxIter = maxIterations(a + x);
  for (let n = 0; n < maxIter; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Continued fraction for Q(a, x), valid (fast) for x ≥ a + 1. */
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  const maxIter = maxIterations(a + x);
  for (let i = 1; i <= maxIter; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Lower regularized incomplete gamma P(a, x) = γ(a, x)/Γ(a). */
export function regularizedGammaP(a: number, x: number): number {
  checkGammaArgs('regularizedGammaP', a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/** Upper regularized incomplete gamma Q(a, x) = 1 − P(a, x), accurate when Q is tiny. */
export function regularizedGammaQ(a: number, x: number): number {
  checkGammaArgs('regularizedGammaQ', a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

/** Continued fraction for I_x(a, b) (NR betacf), used where x < (a + 1)/(a + b + 2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  const maxIter = maxIterations(Math.max(a, b));
  for (let m = 1; m <= maxIter; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta function I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new RangeError(`regularizedBeta: a and b must be finite and > 0 (got a=${a}, b=${b})`);
  }
  if (!(x >= 0 && x <= 1)) throw new RangeError(`regularizedBeta: x must be in [0, 1] (got ${x})`);
  if (x === 0) return 0;
  if (x === 1) return 1;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('normalCdf: z is NaN');
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  // Φ(z) = ½ erfc(−z/√2) and erfc(y) = Q(½, y²) for y ≥ 0, = 1 + P(½, y²) for y < 0.
  const y = -z / Math.SQRT2;
  return y >= 0 ? 0.5 * regularizedGammaQ(0.5, y * y) : 0.5 * (1 + regularizedGammaP(0.5, y * y));
}

/** Standard normal survival function 1 − Φ(z) = Φ(−z), accurate in the upper tail. */
export function normalSf(z: number): number {
  return normalCdf(-z);
}

/** Standard normal quantile Φ⁻¹(p), Wichura (1988) AS 241 PPND16. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile: p must be in [0, 1] (got ${p})`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) *
          r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) *
        r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) *
        r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    val =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) *
        r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) *
        r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -val : val;
}

function checkDf(name: string, df: number): void {
  if (!(df > 0)) throw new RangeError(`${name}: degrees of freedom must be > 0 (got ${df})`);
}

/** Student-t CDF with `df` degrees of freedom (df may be fractional, e.g. Welch–Satterthwaite). */
export function studentTCdf(t: number, df: number): number {
  checkDf('studentTCdf', df);
  if (Number.isNaN(t)) throw new RangeError('studentTCdf: t is NaN');
  if (df === Infinity) return normalCdf(t);
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Two-sided Student-t p-value P(|T| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, ½). */
export function studentTTwoSidedP(t: number, df: number): number {
  checkDf('studentTTwoSidedP', df);
  if (Number.isNaN(t)) throw new RangeError('studentTTwoSidedP: t is NaN');
  if (df === Infinity) return 2 * normalSf(Math.abs(t));
  if (!Number.isFinite(t)) return 0;
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/** Chi-square survival function P(X ≥ x) with `df` degrees of freedom. */
export function chiSquareSf(x: number, df: number): number {
  checkDf('chiSquareSf', df);
  if (Number.isNaN(x)) throw new RangeError('chiSquareSf: x is NaN');
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

/** Chi-square CDF P(X ≤ x) with `df` degrees of freedom. */
export function chiSquareCdf(x: number, df: number): number {
  checkDf('chiSquareCdf', df);
  if (Number.isNaN(x)) throw new RangeError('chiSquareCdf: x is NaN');
  if (x <= 0) return 0;
  return regularizedGammaP(df / 2, x / 2);
}

/**
 * Upper quantile of Student's t: the t > 0 with P(|T| ≥ t) = `twoSidedP` (so `twoSidedP = α` gives the
 * t_{1−α/2, ν} of a two-sided (1 − α) interval). Solved by bisection on studentTTwoSidedP to full double
 * precision; ν = ∞ (or ν > 1e12) is the normal quantile.
 */
export function studentTUpperQuantile(twoSidedP: number, df: number): number {
  checkDf('studentTUpperQuantile', df);
  if (!(twoSidedP > 0 && twoSidedP < 1)) {
    throw new RangeError(`studentTUpperQuantile: twoSidedP must be in (0, 1) (got ${twoSidedP})`);
  }
  if (df === Infinity || df > 1e12) return normalQuantile(1 - twoSidedP / 2);
  let lo = 0;
  let hi = Math.max(1, normalQuantile(1 - twoSidedP / 2));
  while (studentTTwoSidedP(hi, df) > twoSidedP) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTTwoSidedP(mid, df) > twoSidedP) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
