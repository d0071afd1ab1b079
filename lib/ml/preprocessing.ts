import { z } from 'zod';
import type { Matrix } from './matrix';

/**
 * Feature preprocessing fitted on training data and replayed at serving time:
 * `StandardScaler` (centre and scale each column) and `OneHotEncoder` (integer-coded categorical columns to
 * 0/1 indicator columns). Both are plain transformers: `fit(X)` learns, `transform(X)` returns a new Matrix,
 * `toJSON()` / `static fromJSON()` round-trip the learned state.
 */

function checkCols(name: string, X: Matrix, expected: number): void {
  if (X.cols !== expected) throw new RangeError(`${name}: X has ${X.cols} columns, fitted on ${expected}`);
}

function checkFiniteColumn(name: string, X: Matrix, j: number): void {
  for (let i = 0; i < X.rows; i++) {
    if (!Number.isFinite(X.data[i * X.cols + j])) {
      throw new RangeError(`${name}: non-finite value at row ${i}, column ${j}`);
    }
  }
}

const ZScaler = z.object({
  kind: z.literal('standard-scaler'),
  version: z.literal(1),
  mean: z.array(z.number()),
  scale: z.array(z.number().positive()),
});

export type StandardScalerJson = z.infer<typeof ZScaler>;

/**
 * Standardises each column: x' = (x − mean) / scale, where scale is the population standard deviation
 * (ddof = 0, as in sklearn's StandardScaler). A constant column (zero variance) gets scale 1, so it maps to 0
 * instead of dividing by zero.
 */
export class StandardScaler {
  private mean: Float64Array | null = null;
  private scale: Float64Array | null = null;

  /** Learns per-column mean and standard deviation (two-pass). Needs at least one row of finite values. */
  fit(X: Matrix): this {
    if (X.rows < 1) throw new RangeError('StandardScaler.fit: X has no rows');
    const { rows, cols, data } = X;
    const mean = new Float64Array(cols);
    const scale = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      checkFiniteColumn('StandardScaler.fit', X, j);
      let s = 0,
        lo = Infinity,
        hi = -Infinity;
      for (let i = 0; i < rows; i++) {
        const v = data[i * cols + j];
        s += v;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const m = s / rows;
      let ss = 0;
      for (let i = 0; i < rows; i++) {
        const d = data[i * cols + j] - m;
        ss += d * d;
      }
      const sd = Math.sqrt(ss / rows);
      mean[j] = lo === hi ? lo : m;
      scale[j] = lo === hi || sd === 0 ? 1 : sd;
    }
    this.mean = mean;
    this.scale = scale;
    return this;
  }

  /** Returns (X − mean) / scale as a new Matrix. Throws if not fitted or the column count differs. */
  transform(X: Matrix): Matrix {
    const { mean, scale } = this.fitted();
    checkCols('StandardScaler.transform', X, mean.length);
    const { rows, cols, data } = X;
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++) out[o + j] = (data[o + j] - mean[j]) / scale[j];
    }
    return { data: out, rows, cols };
  }

  fitTransform(X: Matrix): Matrix {
    return this.fit(X).transform(X);
  }

  /** Learned column means (a copy). */
  get means(): number[] {
    return Array.from(this.fitted().mean);
  }

  /** Learned column scales (a copy). */
  get scales(): number[] {
    return Array.from(this.fitted().scale);
  }

  toJSON(): StandardScalerJson {
    const { mean, scale } = this.fitted();
    return { kind: 'standard-scaler', version: 1, mean: Array.from(mean), scale: Array.from(scale) };
  }

  static fromJSON(json: unknown): StandardScaler {
    const r = ZScaler.safeParse(json);
    if (!r.success) throw new TypeError(`StandardScaler.fromJSON: invalid JSON (${r.error.message})`);
    if (r.data.mean.length !== r.data.scale.length) {
      throw new TypeError('StandardScaler.fromJSON: mean and scale lengths differ');
    }
    const s = new StandardScaler();
    s.mean = Float64Array.from(r.data.mean);
    s.scale = Float64Array.from(r.data.scale);
    return s;
  }

  private fitted(): { mean: Float64Array; scale: Float64Array } {
    if (!this.mean || !this.scale) throw new Error('StandardScaler: call fit() first');
    return { mean: this.mean, scale: this.scale };
  }
}

const ZEncoder = z.object({
  kind: z.literal('one-hot-encoder'),
  version: z.literal(1),
  columns: z.array(z.number().int().nonnegative()),
  categories: z.array(z.array(z.number().int())),
});

export type OneHotEncoderJson = z.infer<typeof ZEncoder>;

/** What one output column of `OneHotEncoder.transform` holds. */
export type OneHotOutputColumn =
  | { kind: 'passthrough'; source: number }
  | { kind: 'indicator'; source: number; category: number };

export interface OneHotEncoderParams {
  /** Indices of the input columns holding integer category codes (distinct, in the order their blocks are emitted). */
  columns: readonly number[];
}

/**
 * One-hot encodes integer-coded categorical columns.
 *
 * Output layout (for an input with `cols` columns and encoded columns `columns = [c0, c1, …]`):
 *   1. every NON-encoded input column, copied unchanged, in original (ascending) order;
 *   2. then, for c0, one 0/1 column per category in `categories[0]` (in that listed order — ascending after
 *      fit), then the block for c1, and so on in the order of `columns`.
 * Example: cols = 4, columns = [2, 0], categories = [[1, 5], [0, 1, 2]] gives 7 output columns
 *   [x1, x3, x2==1, x2==5, x0==0, x0==1, x0==2].
 * A category not seen in fit yields all zeros in its block. `outputLayout(cols)` returns this layout.
 */
export class OneHotEncoder {
  readonly columns: readonly number[];
  private categories: number[][] | null = null;

  constructor(params: OneHotEncoderParams) {
    const cols = params?.columns;
    if (!Array.isArray(cols)) throw new TypeError('OneHotEncoder: params.columns must be an array of column indices');
    if (new Set(cols).size !== cols.length) throw new RangeError('OneHotEncoder: params.columns has duplicates');
    for (const c of cols) {
      if (!Number.isInteger(c) || c < 0) throw new RangeError(`OneHotEncoder: bad column index ${c}`);
    }
    this.columns = [...cols];
  }

  /** Learns the sorted distinct integer codes of each encoded column. Non-integer codes throw a RangeError. */
  fit(X: Matrix): this {
    this.checkInput('fit', X);
    const categories = this.columns.map((c) => {
      const seen = new Set<number>();
      for (let i = 0; i < X.rows; i++) {
        const v = X.data[i * X.cols + c];
        if (!Number.isInteger(v))
          throw new RangeError(`OneHotEncoder.fit: row ${i}, column ${c} is not an integer code (${v})`);
        seen.add(v === 0 ? 0 : v); // fold -0 into 0
      }
      return [...seen].sort((a, b) => a - b);
    });
    this.categories = categories;
    return this;
  }

  /** Returns the encoded Matrix in the layout documented on the class. */
  transform(X: Matrix): Matrix {
    const categories = this.fitted();
    this.checkInput('transform', X);
    const layout = this.outputLayout(X.cols);
    const outCols = layout.length;
    const passthrough = layout.filter((l) => l.kind === 'passthrough').map((l) => l.source);
    const lookups = categories.map((cats) => new Map(cats.map((v, k) => [v, k] as const)));
    const blockStart: number[] = [];
    let off = passthrough.length;
    for (const cats of categories) {
      blockStart.push(off);
      off += cats.length;
    }
    const out = new Float64Array(X.rows * outCols);
    for (let i = 0; i < X.rows; i++) {
      const src = i * X.cols,
        dst = i * outCols;
      for (let k = 0; k < passthrough.length; k++) out[dst + k] = X.data[src + passthrough[k]];
      for (let b = 0; b < this.columns.length; b++) {
        const v = X.data[src + this.columns[b]];
        const k = lookups[b].get(v === 0 ? 0 : v);
        if (k !== undefined) out[dst + blockStart[b] + k] = 1;
      }
    }
    return { data: out, rows: X.rows, cols: outCols };
  }

  fitTransform(X: Matrix): Matrix {
    return this.fit(X).transform(X);
  }

  /** Describes each output column for an input with `inputCols` columns (see the class comment). */
  outputLayout(inputCols: number): OneHotOutputColumn[] {
    const categories = this.fitted();
    const encoded = new Set(this.columns);
    const layout: OneHotOutputColumn[] = [];
    for (let j = 0; j < inputCols; j++) if (!encoded.has(j)) layout.push({ kind: 'passthrough', source: j });
    this.columns.forEach((c, b) => {
      for (const category of categories[b]) layout.push({ kind: 'indicator', source: c, category });
    });
    return layout;
  }

  toJSON(): OneHotEncoderJson {
    return {
      kind: 'one-hot-encoder',
      version: 1,
      columns: [...this.columns],
      categories: this.fitted().map((c) => [...c]),
    };
  }

  static fromJSON(json: unknown): OneHotEncoder {
    const r = ZEncoder.safeParse(json);
    if (!r.success) throw new TypeError(`OneHotEncoder.fromJSON: invalid JSON (${r.error.message})`);
    if (r.data.columns.length !== r.data.categories.length) {
      throw new TypeError('OneHotEncoder.fromJSON: columns and categories lengths differ');
    }
    r.data.categories.forEach((cats, b) => {
      if (new Set(cats).size !== cats.length)
        throw new TypeError(`OneHotEncoder.fromJSON: duplicate category in block ${b}`);
    });
    const enc = new OneHotEncoder({ columns: r.data.columns });
    enc.categories = r.data.categories.map((c) => [...c]);
    return enc;
  }

  private checkInput(op: string, X: Matrix): void {
    for (const c of this.columns) {
      if (c >= X.cols)
        throw new RangeError(`OneHotEncoder.${op}: column ${c} out of range for X with ${X.cols} columns`);
    }
  }

  private fitted(): number[][] {
    if (!this.categories) throw new Error('OneHotEncoder: call fit() first');
    return this.categories;
  }
}
