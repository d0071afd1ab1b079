import { afterAll, describe, expect, it } from 'vitest';
import { ThreadPool } from '../compute/thread-pool';
import { Rng } from '../ml/rng';
import { type ClusterInput, clusterCustomers } from './cluster-customers';

// three well-separated blobs of 150 customers × 3 features (centres 0, 10, 20 on every axis, unit noise)
const rng = new Rng(11);
const n = 450;
const data = new Float64Array(n * 3);
const truth = new Int32Array(n);
for (let i = 0; i < n; i++) {
  truth[i] = i % 3;
  for (let j = 0; j < 3; j++) data[i * 3 + j] = truth[i] * 10 + rng.normal();
}
const base = { kMin: 2, kMax: 6, minPts: 8, seed: 7, sampleSize: 200 };
const kmeans: ClusterInput = { data, rows: n, cols: 3, params: { algorithm: 'kmeans', ...base } };
const dbscan: ClusterInput = { data, rows: n, cols: 3, params: { algorithm: 'dbscan', ...base } };

/** the partition as sets of row indices, independent of cluster numbering */
function partition(labels: ArrayLike<number>): number[][] {
  const groups = new Map<number, number[]>();
  Array.from(labels).forEach((l, i) => {
    groups.set(l, [...(groups.get(l) ?? []), i]);
  });
  return [...groups.values()].sort((a, b) => a[0] - b[0]);
}

const pool = new ThreadPool({ size: 2 });
afterAll(() => pool.close());

describe('segmentation on a compute thread', { timeout: 60_000 }, () => {
  it('finds the three blobs (k = 3 by silhouette; DBSCAN with eps 0.5: three clusters, no noise)', () => {
    const km = clusterCustomers(kmeans);
    expect(km.diagnostics.k).toBe(3);
    expect(partition(km.labels)).toEqual(partition(truth));
    // standardised, the centres are 1.22 apart per axis and the noise is 0.12: eps 0.5 joins each blob only
    const db = clusterCustomers({ ...dbscan, params: { ...dbscan.params, eps: 0.5 } });
    expect(db.nClusters).toBe(3);
    expect(partition(db.labels)).toEqual(partition(truth));
  });

  it('gives exactly the in-process results, k-means and DBSCAN, on two threads at once', async () => {
    const [kmThread, dbThread] = await Promise.all([
      pool.run('segments.cluster', kmeans),
      pool.run('segments.cluster', dbscan),
    ]);
    expect(kmThread).toEqual(clusterCustomers(kmeans));
    expect(dbThread).toEqual(clusterCustomers(dbscan));
    expect(kmThread.labels).toBeInstanceOf(Int32Array);
  });
});
