/**
 * Dense row-major matrix of float64 values: the one data shape every algorithm in lib/ml accepts.
 * Row i, column j lives at data[i * cols + j].
 */
export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** Builds a Matrix, checking that the buffer length matches rows × cols. */
export function matrix(data: Float64Array | number[], rows: number, cols: number): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`matrix: rows and cols must be non-negative integers (got ${rows} × ${cols})`);
  }
  const buf = data instanceof Float64Array ? data : Float64Array.from(data);
  if (buf.length !== rows * cols) {
    throw new RangeError(`matrix: buffer has ${buf.length} values, expected ${rows} × ${cols} = ${rows * cols}`);
  }
  return { data: buf, rows, cols };
}

/** Builds a Matrix from an array of equal-length rows. */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const nRows = rows.length;
  const nCols = nRows === 0 ? 0 : rows[0].length;
  const data = new Float64Array(nRows * nCols);
  rows.forEach((r, i) => {
    if (r.length !== nCols) throw new RangeError(`fromRows: row ${i} has ${r.length} values, expected ${nCols}`);
    data.set(r, i * nCols);
  });
  return { data, rows: nRows, cols: nCols };
}

/** Copies the listed rows (in order) into a new Matrix. */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float64Array(indices.length * m.cols);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    out.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), k * m.cols);
  }
  return { data: out, rows: indices.length, cols: m.cols };
}

/** Copies the listed entries of a vector (in order). */
export function takeValues(v: Float64Array, indices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = v[indices[k]];
  return out;
}

/** Throws a RangeError unless y is a 0/1 label vector with one label per row of X. */
export function assertBinaryTarget(X: Matrix, y: Float64Array): void {
  if (y.length !== X.rows) throw new RangeError(`target has ${y.length} labels, X has ${X.rows} rows`);
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new RangeError(`target must be 0/1; row ${i} is ${y[i]}`);
  }
}

/** Throws a RangeError if any value of X is not finite. */
export function assertFinite(X: Matrix): void {
  for (let k = 0; k < X.data.length; k++) {
    if (!Number.isFinite(X.data[k])) {
      throw new RangeError(`non-finite value at row ${Math.floor(k / X.cols)}, column ${k % X.cols}`);
    }
  }
}
