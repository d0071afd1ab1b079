import { dbscan, suggestEps } from '../ml/dbscan';
import { chooseK, KMeans } from '../ml/kmeans';
import { matrix } from '../ml/matrix';
import { PCA } from '../ml/pca';
import { StandardScaler } from '../ml/preprocessing';
import { Rng } from '../ml/rng';
import { silhouetteScore } from '../ml/silhouette';

/**
 * The CPU-bound part of a segmentation job, framework-free so that it runs on a compute thread
 * (lib/compute/tasks.ts: 'segments.cluster') and the worker's event loop keeps sending lease heartbeats:
 * standardise, cluster (k-means with k by silhouette, or DBSCAN with eps from the k-distance knee), silhouette of
 * the result, and a seeded 2-D PCA projection sample for the scatter plot. Deterministic for a seed.
 */
export interface ClusterInput {
  /** customers × features, row-major, unstandardised */
  data: Float64Array;
  rows: number;
  cols: number;
  params: {
    algorithm: 'kmeans' | 'dbscan';
    k?: number;
    kMin: number;
    kMax: number;
    eps?: number;
    minPts: number;
    seed: number;
    sampleSize: number;
  };
}

export interface ClusterOutput {
  /** cluster per customer, −1 for DBSCAN noise */
  labels: Int32Array;
  nClusters: number;
  /** what the job log says about the choice made (k by silhouette, DBSCAN's eps and noise) */
  log: string | null;
  /** merged into the job's metrics */
  diagnostics: Record<string, unknown>;
}

export function clusterCustomers(input: ClusterInput): ClusterOutput {
  const p = input.params;
  const X = new StandardScaler().fitTransform(matrix(input.data, input.rows, input.cols));
  const diagnostics: Record<string, unknown> = {};
  let labels: Int32Array;
  let log: string | null = null;
  let nClusters: number;
  if (p.algorithm === 'kmeans') {
    let k = p.k;
    if (!k) {
      const kMax = Math.min(p.kMax, input.rows - 1);
      const ck = chooseK(X, { kMin: Math.min(p.kMin, kMax), kMax, seed: p.seed, sampleSize: p.sampleSize, nInit: 4 });
      diagnostics.elbow = ck.results;
      diagnostics.silhouetteSampled = ck.silhouetteSampled;
      k = ck.bestK;
      log = `k chosen by silhouette: ${k} (${ck.results.map((r) => `k=${r.k}: ${r.silhouette.toFixed(3)}`).join(', ')})`;
    }
    labels = new KMeans({ k, seed: p.seed }).fit(X).labels;
    diagnostics.k = k;
    nClusters = new Set(labels).size;
  } else {
    const suggestion = suggestEps(X, p.minPts);
    const eps = p.eps ?? suggestion.eps;
    const step = Math.max(1, Math.floor(suggestion.curve.length / 300));
    diagnostics.kDistance = Array.from(suggestion.curve.filter((_, i) => i % step === 0));
    diagnostics.eps = eps;
    diagnostics.epsSuggested = suggestion.eps;
    const r = dbscan(X, { eps, minPts: p.minPts });
    labels = r.labels;
    nClusters = r.nClusters;
    diagnostics.noise = r.nNoise;
    log = `DBSCAN eps ${eps.toFixed(3)} (suggested ${suggestion.eps.toFixed(3)}), minPts ${p.minPts}: ${r.nClusters} clusters, ${r.nNoise} noise points`;
    if (r.nClusters === 0) return { labels, nClusters, log, diagnostics };
  }
  if (nClusters >= 2) {
    const s = silhouetteScore(X, labels, { sampleSize: p.sampleSize, seed: p.seed });
    diagnostics.silhouette = { score: s.score, sampled: s.sampled, n: s.n };
  }
  const pca = new PCA().fit(X);
  const proj = pca.transform(X, 2);
  const sample = Array.from({ length: input.rows }, (_, i) => i);
  new Rng(p.seed).shuffle(sample);
  diagnostics.projection = sample
    .slice(0, 1500)
    .map((i) => ({ x: proj.data[i * 2], y: proj.data[i * 2 + 1], c: labels[i] }));
  diagnostics.explainedVariance = (pca.toJSON() as { explainedVariance: number[] }).explainedVariance.slice(0, 2);
  // share of the total variance (the page's "x % + y % of variance"); the raw eigenvalues above are not shares
  diagnostics.explainedVarianceRatio = Array.from(pca.explainedVarianceRatio).slice(0, 2);
  return { labels, nClusters, log, diagnostics };
}
