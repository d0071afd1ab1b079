import { describe, expect, it } from 'vitest';
import { fromRows, matrix } from './matrix';
import { PCA, symmetricEigen } from './pca';

// Fixed 5 × 3 matrix; expected values from numpy 1.24.2 (Debian):
//   X = np.array([[2.5,2.4,0.5],[0.5,0.7,1.9],[2.2,2.9,1.1],[1.9,2.2,0.3],[3.1,3.0,2.2]])
//   w, V = np.linalg.eigh(np.cov(X.T)); o = np.argsort(w)[::-1]; w = w[o]; V = V[:, o].T
//   for r in range(3): V[r] *= np.sign(V[r, np.argmax(np.abs(V[r]))])   # largest-|loading| positive
//   w, w / w.sum(), V, Z = (X − X.mean(0)) @ V.T; Z[:, :2]; Z[:, :2] / np.sqrt(w[:2])
// (sklearn PCA().fit(X).explained_variance_ / _ratio_ agree to 1e-15.)
const X = fromRows([
  [2.5, 2.4, 0.5],
  [0.5, 0.7, 1.9],
  [2.2, 2.9, 1.1],
  [1.9, 2.2, 0.3],
  [3.1, 3.0, 2.2],
]);
const NP = {
  values: [1.7509986034638527, 0.6890609255214197, 0.050940471014727796],
  ratio: [0.702929989347191, 0.2766202029391488, 0.020449807713660294],
  components: [
    [0.7179483266645452, 0.6866298958278365, -0.1144097303337169],
    [0.1298834358116326, 0.029333629552346474, 0.9910952685181436],
    [-0.6838716936248678, 0.726415118463775, 0.06812181974899796],
  ],
  z2: [
    [0.5202038248317465, -0.629326926760974],
    [-2.2431372738718696, 0.4485724073021726],
    [0.5794884365460712, -0.05896798161740432],
    [-0.0250092042658044, -0.9113427678620516],
    [1.168454216759857, 1.1510652689382577],
  ],
  w2: [
    [0.3931249804543389, -0.7581366686083764],
    [-1.695168806635545, 0.5403855707430664],
    [0.43792715358133405, -0.0710374643717711],
    [-0.01889978979172804, -1.0978751116582899],
    [0.8830164623916006, 1.3866636738953713],
  ],
};

function expectClose(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThan(tol);
}

describe('PCA', () => {
  it('matches numpy eigenvalues, explained variance ratio and sign-fixed components to 1e-9', () => {
    const p = new PCA().fit(X);
    expectClose(p.explainedVariance, NP.values, 1e-9);
    expectClose(p.explainedVarianceRatio, NP.ratio, 1e-9);
    expectClose(p.components.data, NP.components.flat(), 1e-9);
    expectClose(p.mean, [2.04, 2.24, 1.2], 1e-12); // column means by hand
  });

  it('projects onto the first components like numpy, with and without whitening', () => {
    const z = new PCA().fit(X).transform(X);
    expect([z.rows, z.cols]).toEqual([5, 2]);
    expectClose(z.data, NP.z2.flat(), 1e-9);
    expectClose(new PCA({ whiten: true }).fitTransform(X, 2).data, NP.w2.flat(), 1e-9);
    expect(new PCA().fit(X).transform(X, 3).cols).toBe(3);
  });

  it('gives zero variance and zero whitened output for constant data', () => {
    const c = matrix(new Float64Array(12).fill(3), 4, 3);
    const p = new PCA({ whiten: true }).fit(c);
    expect(Array.from(p.explainedVariance)).toEqual([0, 0, 0]);
    expect(Array.from(p.explainedVarianceRatio)).toEqual([0, 0, 0]);
    expect(Array.from(p.transform(c).data)).toEqual(new Array(8).fill(0));
  });

  it('round-trips through JSON and rejects a wrong kind, version or shape', () => {
    const p = new PCA({ whiten: true }).fit(X);
    const json = JSON.parse(JSON.stringify(p.toJSON()));
    expect(json).toMatchObject({ kind: 'pca', version: 1, whiten: true });
    const back = PCA.fromJSON(json);
    expect(Array.from(back.transform(X, 2).data)).toEqual(Array.from(p.transform(X, 2).data));
    expect(() => PCA.fromJSON({ ...json, kind: 'kmeans' })).toThrow(TypeError);
    expect(() => PCA.fromJSON({ ...json, version: 3 })).toThrow(TypeError);
    expect(() => PCA.fromJSON({ ...json, components: json.components.slice(1) })).toThrow(TypeError);
  });

  it('rejects bad shapes and parameters', () => {
    expect(() => new PCA().fit(fromRows([[1, 2]]))).toThrow(RangeError);
    expect(() =>
      new PCA().fit(
        fromRows([
          [1, NaN],
          [2, 3],
        ]),
      ),
    ).toThrow(RangeError);
    const p = new PCA().fit(X);
    expect(() => p.transform(X, 4)).toThrow(RangeError);
    expect(() => p.transform(X, 0)).toThrow(RangeError);
    expect(() => p.transform(fromRows([[1, 2]]))).toThrow(RangeError);
    expect(() => new PCA().transform(X)).toThrow(Error);
  });
});

describe('symmetricEigen', () => {
  it('decomposes [[2, 1], [1, 2]] into eigenvalues 3 and 1 with eigenvectors ±(1, 1)/√2 and ±(1, −1)/√2', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expectClose(values, [3, 1], 1e-15);
    const r = Math.SQRT1_2;
    expectClose(
      vectors.subarray(0, 2).map((v) => Math.abs(v)),
      [r, r],
      1e-15,
    );
    expect(vectors[0] * vectors[1]).toBeGreaterThan(0);
    expect(vectors[2] * vectors[3]).toBeLessThan(0);
  });

  it('satisfies A·v = λ·v with orthonormal v on a 6 × 6 matrix', () => {
    const n = 6,
      A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] = 1 / (1 + i + j) + (i === j ? i : 0); // Hilbert + diag
    const { values, vectors } = symmetricEigen(A, n);
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += A[i * n + j] * vectors[r * n + j];
        expect(Math.abs(av - values[r] * vectors[r * n + i])).toBeLessThan(1e-12);
      }
      for (let q = 0; q < n; q++) {
        let dot = 0;
        for (let j = 0; j < n; j++) dot += vectors[r * n + j] * vectors[q * n + j];
        expect(Math.abs(dot - (r === q ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
    for (let r = 1; r < n; r++) expect(values[r]).toBeLessThanOrEqual(values[r - 1]);
  });
});
