import 'server-only';
import type { Prisma } from '@/generated/prisma/client';
import { db } from '../db';
import { BEHAVIOUR_FEATURES, behaviourFeatures } from '../features/customer-features';
import { loadCustomerAggregates } from '../features/load-aggregates';
import { AppError } from '../http/errors';
import { JobCancelled } from '../jobs/job-stop';
import { assertLease, type JobLease, reportProgress } from '../jobs/queue';
import { dbscan, suggestEps } from '../ml/dbscan';
import { chooseK, KMeans } from '../ml/kmeans';
import { matrix } from '../ml/matrix';
import { PCA } from '../ml/pca';
import { StandardScaler } from '../ml/preprocessing';
import { Rng } from '../ml/rng';
import { silhouetteScore } from '../ml/silhouette';
import { pgPool } from '../pg-pool';
import { ZSegmentJobParams } from './segment-params';
import { featureProfile, responseByDiscount } from './segment-stats';

/**
 * A segmentation job: behaviour features of every customer (as of now), missing values filled with medians,
 * standardised; k-means (k by silhouette over a range, elbow reported) or DBSCAN (eps from the knee of the
 * k-distance curve unless given; noise reported). Saves one Segment per cluster with its members, profile and
 * observed response to each discount level, plus a 2-D PCA projection sample for the scatter plot.
 */
export async function runSegmentationJob(
  job: { id: string; organizationId: string; params: unknown },
  run: { lease: JobLease; signal: AbortSignal },
): Promise<void> {
  const p = ZSegmentJobParams.parse(job.params);
  const report = async (progress: number, stage: string, log?: string) => {
    run.signal.throwIfAborted();
    if (await reportProgress(run.lease, { progress, stage, log })) throw new JobCancelled();
  };
  await report(0.02, 'loading customers', 'computing behaviour features');
  const customers = [...(await loadCustomerAggregates(job.organizationId, new Date())).values()];
  if (customers.length < 20)
    throw new AppError('unprocessable', `Too few customers to segment (${customers.length}; need ≥ 20)`);
  const cols = p.features.map((f) => BEHAVIOUR_FEATURES.indexOf(f));
  const full = customers.map((c) => behaviourFeatures(c.agg, new Date()));
  const medians = cols.map((j) => {
    const v = full
      .map((r) => r[j])
      .filter((x) => !Number.isNaN(x))
      .sort((a, b) => a - b);
    return v.length ? v[Math.floor(v.length / 2)] : 0;
  });
  const data = new Float64Array(customers.length * cols.length);
  full.forEach((r, i) => {
    cols.forEach((j, k) => {
      data[i * cols.length + k] = Number.isNaN(r[j]) ? medians[k] : r[j];
    });
  });
  const X = new StandardScaler().fitTransform(matrix(data, customers.length, cols.length));
  await report(0.15, 'clustering', `${customers.length} customers × ${cols.length} standardised features`);

  let labels: Int32Array;
  const diagnostics: Record<string, unknown> = {
    algorithm: p.algorithm,
    features: p.features,
    customers: customers.length,
  };
  if (p.algorithm === 'kmeans') {
    let k = p.k;
    if (!k) {
      const kMax = Math.min(p.kMax, customers.length - 1);
      const ck = chooseK(X, { kMin: Math.min(p.kMin, kMax), kMax, seed: p.seed, sampleSize: p.sampleSize, nInit: 4 });
      diagnostics.elbow = ck.results;
      diagnostics.silhouetteSampled = ck.silhouetteSampled;
      k = ck.bestK;
      await report(
        0.6,
        'clustering',
        `k chosen by silhouette: ${k} (${ck.results.map((r) => `k=${r.k}: ${r.silhouette.toFixed(3)}`).join(', ')})`,
      );
    }
    labels = new KMeans({ k, seed: p.seed }).fit(X).labels;
    diagnostics.k = k;
  } else {
    const suggestion = suggestEps(X, p.minPts);
    const eps = p.eps ?? suggestion.eps;
    const step = Math.max(1, Math.floor(suggestion.curve.length / 300));
    diagnostics.kDistance = Array.from(suggestion.curve.filter((_, i) => i % step === 0));
    diagnostics.eps = eps;
    diagnostics.epsSuggested = suggestion.eps;
    const r = dbscan(X, { eps, minPts: p.minPts });
    labels = r.labels;
    diagnostics.noise = r.nNoise;
    await report(
      0.6,
      'clustering',
      `DBSCAN eps ${eps.toFixed(3)} (suggested ${suggestion.eps.toFixed(3)}), minPts ${p.minPts}: ${r.nClusters} clusters, ${r.nNoise} noise points`,
    );
    if (r.nClusters === 0)
      throw new AppError(
        'unprocessable',
        `DBSCAN found no cluster with eps ${eps.toFixed(3)}: every customer is noise; try a larger eps`,
      );
  }
  const clusterIds = [...new Set(labels)].filter((l) => l >= 0).sort((a, b) => a - b);
  if (clusterIds.length >= 2) {
    const s = silhouetteScore(
      X,
      labels.map((l) => (l < 0 ? -1 : l)),
      { sampleSize: p.sampleSize, seed: p.seed },
    );
    diagnostics.silhouette = { score: s.score, sampled: s.sampled, n: s.n };
  }
  await report(0.75, 'profiling');
  const pca = new PCA().fit(X);
  const proj = pca.transform(X, 2);
  const rng = new Rng(p.seed);
  const sample = Array.from({ length: customers.length }, (_, i) => i);
  rng.shuffle(sample);
  diagnostics.projection = sample
    .slice(0, 1500)
    .map((i) => ({ x: proj.data[i * 2], y: proj.data[i * 2 + 1], c: labels[i] }));
  diagnostics.explainedVariance = (pca.toJSON() as { explainedVariance: number[] }).explainedVariance.slice(0, 2);

  const exposures = await pgPool().query<{ customerId: string; discountPct: number; converted: boolean }>(
    'SELECT "customerId", "discountPct", converted FROM "OfferExposure" WHERE "organizationId" = $1',
    [job.organizationId],
  );
  const byCustomer = new Map<string, { discountPct: number; converted: boolean }[]>();
  for (const e of exposures.rows) byCustomer.set(e.customerId, [...(byCustomer.get(e.customerId) ?? []), e]);
  const featureNames = p.features;
  const rows = full.map((r) => Float64Array.from(cols.map((j) => r[j])));

  run.signal.throwIfAborted();
  await db.$transaction(
    async (tx) => {
      await assertLease(tx, run.lease);
      for (const cluster of [...clusterIds, ...(labels.includes(-1) ? [-1] : [])]) {
        const members = [...labels.keys()].filter((i) => labels[i] === cluster);
        const segment = await tx.segment.create({
          data: {
            organizationId: job.organizationId,
            jobId: job.id,
            algorithm: p.algorithm,
            clusterIndex: cluster,
            size: members.length,
            name: cluster === -1 ? 'Noise (no cluster)' : `Segment ${cluster + 1}`,
            profile: {
              share: members.length / customers.length,
              features: featureProfile(rows, members, featureNames),
              response: responseByDiscount(members.flatMap((i) => byCustomer.get(customers[i].id) ?? [])),
            } as unknown as Prisma.InputJsonValue,
          },
        });
        await tx.segmentMember.createMany({
          data: members.map((i) => ({
            segmentId: segment.id,
            customerId: customers[i].id,
            organizationId: job.organizationId,
          })),
        });
      }
      await tx.trainingJob.update({ where: { id: job.id }, data: { metrics: diagnostics as Prisma.InputJsonValue } });
    },
    { timeout: 60_000 },
  );
  await report(0.98, 'saved', `${clusterIds.length} segments saved`);
}
