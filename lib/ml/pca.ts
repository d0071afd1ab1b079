import { z } from 'zod';
import { assertFinite, type Matrix } from './matrix';

/**
 * Principal component analysis via the sample covariance matrix (ddof = 1, like sklearn's PCA and np.cov) and
 * its symmetric eigen-decomposition by the cyclic Jacobi method (accurate to rounding; fine for d ≤ ~50).
 * Components are sorted by decreasing eigenvalue; each component's sign is fixed so that its largest-|value|
 * loading is positive, so results are deterministic. `transform` centres X (and with whiten = true divides each
 * projection by the square root of its eigenvalue, giving unit variance) and keeps the first nComponents.
 */

export interface PcaParams {
  /** Scale the projections to unit variance. Default false. */
  whiten?: boolean;
}

const ZPca = z.object({
  kind: z.literal('pca'),
  version: z.literal(1),
  whiten: z.boolean(),
  mean: z.array(z.number()),
  components: z.array(z.array(z.number())),
  explainedVariance: z.array(z.number().nonnegative()),
});
export type PcaJson = z.infer<typeof ZPca>;

/**
 * Eigen-decomposition of the symmetric n × n matrix A (row-major; not modified) by cyclic Jacobi rotations.
 * Returns eigenvalues in decreasing order and the matching unit eigenvectors as the ROWS of `vectors`.
 */
export function symmetricEigen(A: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  if (A.length !== n * n) throw new RangeError(`symmetricEigen: expected ${n * n} values, got ${A.length}`);
  const a = Float64Array.from(A);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0,
      total = 0;
    for (let p = 0; p < n; p++) {
      for (let q = 0; q < n; q++) {
        total += a[p * n + q] ** 2;
        if (p !== q) off += a[p * n + q] ** 2;
      }
    }
    if (off === 0 || off <= 1e-32 * total) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        // rotation angle that zeroes a[p][q] (Golub & Van Loan, symmetric Schur decomposition)
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1),
          s = t * c;
        for (let k = 0; k < n; k++) {
          // A ← A·J (columns p, q)
          const akp = a[k * n + p],
            akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          // A ← Jᵀ·A (rows p, q)
          const apk = a[p * n + k],
            aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          // V ← V·J (eigenvectors in columns)
          const vkp = v[k * n + p],
            vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j] - a[i * n + i] || i - j);
  const values = new Float64Array(n),
    vectors = new Float64Array(n * n);
  order.forEach((col, r) => {
    values[r] = a[col * n + col];
    for (let k = 0; k < n; k++) vectors[r * n + k] = v[k * n + col];
  });
  return { values, vectors };
}

export class PCA {
  readonly kind = 'pca' as const;
  readonly whiten: boolean;
  private state: { mean: Float64Array; components: Float64Array; variance: Float64Array } | null = null;

  constructor(params: PcaParams = {}) {
    const { whiten = false } = params;
    if (typeof whiten !== 'boolean') throw new TypeError(`PCA: whiten must be a boolean (got ${String(whiten)})`);
    this.whiten = whiten;
  }

  /** Learns the column means, the principal axes and their variances. Needs ≥ 2 rows and ≥ 1 column. */
  fit(X: Matrix): this {
    const { rows: n, cols: d, data } = X;
    if (n < 2) throw new RangeError(`PCA.fit: need at least 2 rows (got ${n})`);
    if (d < 1) throw new RangeError('PCA.fit: X has no columns');
    assertFinite(X);
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t] += data[i * d + t];
    for (let t = 0; t < d; t++) mean[t] /= n;
    const cov = new Float64Array(d * d),
      row = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < d; t++) row[t] = data[i * d + t] - mean[t];
      for (let p = 0; p < d; p++) {
        const rp = row[p];
        for (let q = p; q < d; q++) cov[p * d + q] += rp * row[q];
      }
    }
    for (let p = 0; p < d; p++) {
      for (let q = p; q < d; q++) cov[q * d + p] = cov[p * d + q] /= n - 1;
    }
    const { values, vectors } = symmetricEigen(cov, d);
    for (let r = 0; r < d; r++) {
      if (values[r] < 0) values[r] = 0; // rounding noise of a rank-deficient covariance
      let big = 0;
      for (let k = 1; k < d; k++) if (Math.abs(vectors[r * d + k]) > Math.abs(vectors[r * d + big])) big = k;
      if (vectors[r * d + big] < 0) for (let k = 0; k < d; k++) vectors[r * d + k] = -vectors[r * d + k];
    }
    this.state = { mean, components: vectors, variance: values };
    return this;
  }

  /** Projects X onto the first nComponents principal axes (default 2): an X.rows × nComponents Matrix. */
  transform(X: Matrix, nComponents = 2): Matrix {
    const { mean, components, variance } = this.fitted();
    const d = mean.length;
    if (X.cols !== d) throw new RangeError(`PCA.transform: X has ${X.cols} columns, fitted on ${d}`);
    if (!Number.isInteger(nComponents) || nComponents < 1 || nComponents > d) {
      throw new RangeError(`PCA.transform: nComponents must be an integer in [1, ${d}] (got ${nComponents})`);
    }
    assertFinite(X);
    const n = X.rows,
      out = new Float64Array(n * nComponents),
      row = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < d; t++) row[t] = X.data[i * d + t] - mean[t];
      for (let c = 0; c < nComponents; c++) {
        let s = 0;
        for (let t = 0; t < d; t++) s += row[t] * components[c * d + t];
        // a zero-variance axis whitens to 0 instead of dividing by zero
        out[i * nComponents + c] = this.whiten ? (variance[c] > 0 ? s / Math.sqrt(variance[c]) : 0) : s;
      }
    }
    return { data: out, rows: n, cols: nComponents };
  }

  fitTransform(X: Matrix, nComponents = 2): Matrix {
    return this.fit(X).transform(X, nComponents);
  }

  /** Column means learned by fit (a copy). */
  get mean(): Float64Array {
    return Float64Array.from(this.fitted().mean);
  }

  /** All d principal axes as the rows of a d × d Matrix, by decreasing variance (a copy). */
  get components(): Matrix {
    const { components, mean } = this.fitted();
    return { data: Float64Array.from(components), rows: mean.length, cols: mean.length };
  }

  /** Variance along each axis (the covariance eigenvalues, decreasing). */
  get explainedVariance(): Float64Array {
    return Float64Array.from(this.fitted().variance);
  }

  /** Share of the total variance along each axis (sums to 1; all 0 for constant data). */
  get explainedVarianceRatio(): Float64Array {
    const v = this.fitted().variance;
    const total = v.reduce((a, b) => a + b, 0);
    return v.map((x) => (total > 0 ? x / total : 0));
  }

  toJSON(): PcaJson {
    const { mean, components, variance } = this.fitted();
    const d = mean.length;
    return {
      kind: 'pca',
      version: 1,
      whiten: this.whiten,
      mean: Array.from(mean),
      components: Array.from({ length: d }, (_, r) => Array.from(components.subarray(r * d, (r + 1) * d))),
      explainedVariance: Array.from(variance),
    };
  }

  static fromJSON(json: unknown): PCA {
    const o = json as { kind?: unknown; version?: unknown } | null;
    if (typeof o !== 'object' || o === null) throw new TypeError('PCA.fromJSON: model JSON must be an object');
    if (o.kind !== 'pca') throw new TypeError(`PCA.fromJSON: expected a pca model, got kind ${String(o.kind)}`);
    if (o.version !== 1)
      throw new TypeError(`PCA.fromJSON: unsupported model version ${String(o.version)} (expected 1)`);
    const r = ZPca.safeParse(json);
    if (!r.success) throw new TypeError(`PCA.fromJSON: invalid JSON (${r.error.message})`);
    const { mean, components, explainedVariance, whiten } = r.data;
    const d = mean.length;
    if (d < 1 || components.length !== d || components.some((c) => c.length !== d) || explainedVariance.length !== d) {
      throw new TypeError(`PCA.fromJSON: expected ${d} components of length ${d} and ${d} variances`);
    }
    const p = new PCA({ whiten });
    p.state = {
      mean: Float64Array.from(mean),
      components: Float64Array.from(components.flat()),
      variance: Float64Array.from(explainedVariance),
    };
    return p;
  }

  private fitted(): { mean: Float64Array; components: Float64Array; variance: Float64Array } {
    if (!this.state) throw new Error('PCA: call fit() first');
    return this.state;
  }
}
