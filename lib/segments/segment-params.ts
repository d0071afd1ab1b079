import { z } from 'zod';
import { BEHAVIOUR_FEATURES } from '../features/customer-features';

/** Parameters of a segmentation job. */
export const ZSegmentJobParams = z
  .object({
    algorithm: z.enum(['kmeans', 'dbscan']),
    /** behaviour feature names and/or customer attribute names */
    features: z
      .array(z.string().trim().min(1).max(64))
      .min(2)
      .max(BEHAVIOUR_FEATURES.length + 64)
      .refine((f) => new Set(f).size === f.length, 'features must not repeat')
      .default(['recency_days', 'purchases', 'monetary', 'views', 'sessions', 'avg_dwell_seconds']),
    /** k-means: a fixed k, or the range searched by silhouette */
    k: z.number().int().min(2).max(20).optional(),
    kMin: z.number().int().min(2).max(20).default(2),
    kMax: z.number().int().min(2).max(20).default(8),
    /** DBSCAN: radius in standardised units (suggested from the k-distance curve when omitted) */
    eps: z.number().positive().max(100).optional(),
    minPts: z.number().int().min(2).max(100).default(8),
    seed: z.number().int().min(0).default(42),
    /** time features (recency, days since signup) as of this instant; default: the data's cut-off (latest event) */
    asOf: z.iso.datetime().optional(),
    /** silhouette is computed on a sample of this many customers when there are more */
    sampleSize: z.number().int().min(200).max(20000).default(2000),
  })
  .refine((p) => p.kMin <= p.kMax, { path: ['kMax'], message: 'kMax must be ≥ kMin' });
export type SegmentJobParams = z.infer<typeof ZSegmentJobParams>;
