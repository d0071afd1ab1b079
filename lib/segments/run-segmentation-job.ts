import 'server-only';
import type { Prisma } from '@/generated/prisma/client';
import { computePool } from '../compute/thread-pool';
import { requestPolicyEvaluations } from '../computed/request-recompute';
import { db } from '../db';
import { env } from '../env';
import { behaviourFeatures } from '../features/customer-features';
import { resolveAsOf } from '../features/data-cutoff';
import { loadCustomerAggregates } from '../features/load-aggregates';
import { AppError } from '../http/errors';
import { JobCancelled } from '../jobs/job-stop';
import { assertLease, type JobLease, renewLease, reportProgress } from '../jobs/queue';
import { pgPool } from '../pg-pool';
import { carryNames, defaultSegmentName, type NamedSegment } from './carry-names';
import { loadAttributeSpecs } from './load-attribute-specs';
import { segmentationColumns } from './segment-features';
import { ZSegmentJobParams } from './segment-params';
import { featureProfile, responseByDiscount } from './segment-stats';
import { logTransformSkewed } from './skew-transform';

/**
 * A segmentation job: behaviour features of every customer as of the data's cut-off (its latest event, or the
 * chosen `asOf`) and chosen customer attributes (categorical ones one-hot), missing values filled with medians,
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
  const asOf = await resolveAsOf(job.organizationId, p.asOf);
  const customers = [...(await loadCustomerAggregates(job.organizationId, asOf)).values()];
  if (customers.length < 20)
    throw new AppError('unprocessable', `Too few customers to segment (${customers.length}; need ≥ 20)`);
  const specs = await loadAttributeSpecs(job.organizationId, p.features);
  const { names: featureNames, rows } = segmentationColumns(
    p.features,
    customers.map((c) => behaviourFeatures(c.agg, asOf)),
    customers.map((c) => c.attributes),
    specs,
  );
  const width = featureNames.length;
  const raw = new Float64Array(customers.length * width);
  rows.forEach((r, i) => {
    raw.set(r, i * width);
  });
  // heavy right tails (spend, counts) on a log scale, or a few big buyers become the only contrast
  const { data, transformed } = logTransformSkewed(raw, customers.length, width);
  const logScaled = transformed.map((j) => featureNames[j]);
  await report(
    0.15,
    'clustering',
    `${customers.length} customers × ${width} standardised features, time features as of ${asOf.toISOString()}` +
      (logScaled.length ? `; log(1 + x) first for the skewed ${logScaled.join(', ')}` : ''),
  );
  // on a compute thread: the worker's event loop stays free to renew the job's lease while it clusters
  const clustered = await computePool(env().TRAINING_THREADS).run(
    'segments.cluster',
    { data, rows: customers.length, cols: width, params: p },
    { signal: run.signal },
  );
  const { labels } = clustered;
  const diagnostics: Record<string, unknown> = {
    algorithm: p.algorithm,
    features: p.features,
    columns: featureNames,
    asOf: asOf.toISOString(),
    customers: customers.length,
    logScaled,
    ...clustered.diagnostics,
  };
  if (clustered.log) await report(0.6, 'clustering', clustered.log);
  if (clustered.nClusters === 0)
    throw new AppError(
      'unprocessable',
      `DBSCAN found no cluster with eps ${(diagnostics.eps as number).toFixed(3)}: every customer is noise; try a larger eps`,
    );
  const clusterIds = [...new Set(labels)].filter((l) => l >= 0).sort((a, b) => a - b);
  await report(0.75, 'profiling');

  const exposures = await pgPool().query<{ customerId: string; discountPct: number; converted: boolean }>(
    'SELECT "customerId", "discountPct", converted FROM "OfferExposure" WHERE "organizationId" = $1',
    [job.organizationId],
  );
  const byCustomer = new Map<string, { discountPct: number; converted: boolean }[]>();
  for (const e of exposures.rows) byCustomer.set(e.customerId, [...(byCustomer.get(e.customerId) ?? []), e]);

  const clusters = [...clusterIds, ...(labels.includes(-1) ? [-1] : [])];
  const membersOf = new Map(clusters.map((c) => [c, [...labels.keys()].filter((i) => labels[i] === c)]));
  // names people gave the previous run's segments carry over to the segments that match them (Jaccard ≥ 0.8)
  const carried = new Map(
    carryNames(
      await previousRunSegments(job.organizationId, job.id),
      clusters.map((c) => (membersOf.get(c) ?? []).map((i) => customers[i].id)),
    ).map((c) => [clusters[c.index], c]),
  );
  for (const c of carried.values())
    await report(0.97, 'naming', `"${c.name}" carried over from the previous run (Jaccard ${c.jaccard.toFixed(3)})`);

  run.signal.throwIfAborted();
  await db.$transaction(
    async (tx) => {
      await assertLease(tx, run.lease);
      for (const cluster of clusters) {
        const members = membersOf.get(cluster) ?? [];
        const segment = await tx.segment.create({
          data: {
            organizationId: job.organizationId,
            jobId: job.id,
            algorithm: p.algorithm,
            clusterIndex: cluster,
            size: members.length,
            name: carried.get(cluster)?.name ?? defaultSegmentName(cluster),
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
      await renewLease(tx, run.lease);
    },
    { timeout: 60_000 },
  );
  await report(0.98, 'saved', `${clusterIds.length} segments saved`);
  // offline evaluations read segment memberships
  await requestPolicyEvaluations(job.organizationId);
}

/** The segments of the organisation's latest successful segmentation before this job, with names and members. */
async function previousRunSegments(organizationId: string, jobId: string): Promise<NamedSegment[]> {
  const prev = await db.trainingJob.findFirst({
    where: { organizationId, kind: 'SEGMENT', status: 'SUCCEEDED', id: { not: jobId } },
    orderBy: { finishedAt: 'desc' },
    select: { segments: { select: { id: true, name: true, clusterIndex: true } } },
  });
  if (!prev || prev.segments.length === 0) return [];
  const members = await pgPool().query<{ segmentId: string; customerId: string }>(
    'SELECT "segmentId", "customerId" FROM "SegmentMember" WHERE "organizationId" = $1 AND "segmentId" = ANY($2)',
    [organizationId, prev.segments.map((s) => s.id)],
  );
  const bySegment = new Map<string, string[]>();
  for (const m of members.rows) bySegment.set(m.segmentId, [...(bySegment.get(m.segmentId) ?? []), m.customerId]);
  return prev.segments.map((s) => ({
    name: s.name,
    named: s.name !== defaultSegmentName(s.clusterIndex),
    members: bySegment.get(s.id) ?? [],
  }));
}
