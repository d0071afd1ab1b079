import 'server-only';
import { z } from 'zod';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import {
  COUNTRY_COLUMN,
  type FeatureSchema,
  RAW_FEATURE_NAMES,
  rawInputFromAggregate,
  ZFeatureSchema,
} from '../features/feature-schema';
import { toAggregate } from '../features/live-aggregate';
import { AppError } from '../http/errors';
import { featureSchemaHash, OnnxMetadataError, readOnnxMetadata } from '../ml/onnx/onnx-metadata';
import { readFeatures } from './feature-store';
import { runProbability, sessionFor } from './onnx-sessions';
import { ttlCache } from './ttl-cache';

const modelRows = ttlCache<{
  id: string;
  name: string;
  version: number;
  onnxSha256: string | null;
  featureSchema: unknown;
} | null>();

/**
 * Scoring through the served ONNX model. A model version is served only when its stored file carries valid
 * metadata whose feature-schema hash matches the raw inputs serving builds (checked once per file); anything
 * else is refused with 422, never guessed at.
 */
const verified = new Map<string, true>();
const EXPECTED_SCHEMA_HASH = featureSchemaHash(RAW_FEATURE_NAMES, [COUNTRY_COLUMN]);

export interface ServedModel {
  id: string;
  name: string;
  version: number;
  sha256: string;
  schema: FeatureSchema;
  run: (rows: Float32Array, n: number) => Promise<Float32Array>;
}

export async function servedModel(ctx: OrgContext, modelVersionId?: string): Promise<ServedModel> {
  const m = await modelRows(`${ctx.orgId}:${modelVersionId ?? 'active'}`, () =>
    db.modelVersion.findFirst({
      where: { organizationId: ctx.orgId, ...(modelVersionId ? { id: modelVersionId } : { isActive: true }) },
      select: { id: true, name: true, version: true, onnxSha256: true, featureSchema: true },
    }),
  );
  if (!m)
    throw modelVersionId
      ? AppError.notFound('Model version')
      : new AppError('unprocessable', 'No model is active: an admin activates a model version on its page in Models');
  if (!m.onnxSha256)
    throw new AppError(
      'unprocessable',
      `Model ${m.name} v${m.version} has no ONNX file and cannot be served; retrain it`,
    );
  const key = { id: m.id, sha256: m.onnxSha256 };
  const loadBytes = async () => {
    const row = await db.modelVersion.findUniqueOrThrow({ where: { id: m.id }, select: { onnx: true } });
    return new Uint8Array(row.onnx!);
  };
  if (!verified.has(m.onnxSha256)) {
    try {
      const meta = readOnnxMetadata(await loadBytes());
      if (meta.featureSchemaHash !== EXPECTED_SCHEMA_HASH)
        throw new AppError(
          'unprocessable',
          `Model ${m.name} v${m.version} was built for other inputs than serving provides`,
        );
    } catch (err) {
      if (err instanceof OnnxMetadataError)
        throw new AppError(
          'unprocessable',
          `The stored model file of ${m.name} v${m.version} is refused: ${err.message}`,
        );
      throw err;
    }
    verified.set(m.onnxSha256, true);
  }
  const session = await sessionFor(key, loadBytes);
  return {
    id: m.id,
    name: m.name,
    version: m.version,
    sha256: m.onnxSha256,
    schema: ZFeatureSchema.parse(m.featureSchema),
    run: (rows, n) => runProbability(session, rows, n, RAW_FEATURE_NAMES.length),
  };
}

/** Raw model input of a stored customer (features from the live feature store, measured now). */
export async function customerInput(
  ctx: OrgContext,
  schema: FeatureSchema,
  externalId: string,
  discountPct: number,
): Promise<{ customerId: string; raw: Float64Array }> {
  const c = await db.customer.findFirst({
    where: { organizationId: ctx.orgId, externalId },
    select: { id: true, country: true },
  });
  if (!c) throw new AppError('not_found', `Customer ${externalId} not found`);
  const agg = toAggregate(await readFeatures(ctx.orgId, c.id));
  return { customerId: c.id, raw: rawInputFromAggregate(schema, agg, discountPct, c.country, new Date()) };
}

export const ZScoreRequest = z.object({
  modelVersionId: z.string().min(1).max(64).optional(),
  rows: z
    .array(
      z.union([
        z
          .object({ customerId: z.string().trim().min(1).max(64), discountPct: z.number().min(0).max(90).default(0) })
          .strict(),
        z
          .object({
            features: z
              .array(z.number().finite())
              .length(
                RAW_FEATURE_NAMES.length,
                `features must hold ${RAW_FEATURE_NAMES.length} values: ${RAW_FEATURE_NAMES.join(', ')}`,
              ),
          })
          .strict(),
      ]),
    )
    .min(1)
    .max(1000, 'at most 1,000 rows per call'),
});

/** Scores up to 1,000 rows (stored customers by id, or raw feature vectors) in one onnxruntime call. */
export async function score(ctx: OrgContext, input: z.infer<typeof ZScoreRequest>) {
  const model = await servedModel(ctx, input.modelVersionId);
  const width = RAW_FEATURE_NAMES.length;
  const rows = new Float32Array(input.rows.length * width);
  const echo: { customerId?: string; features: number[] }[] = [];
  for (let i = 0; i < input.rows.length; i++) {
    const r = input.rows[i];
    const raw =
      'customerId' in r
        ? (await customerInput(ctx, model.schema, r.customerId, r.discountPct)).raw
        : Float64Array.from(r.features);
    rows.set(raw, i * width);
    echo.push({ ...('customerId' in r ? { customerId: r.customerId } : {}), features: Array.from(raw) });
  }
  const p = await model.run(rows, input.rows.length);
  return {
    model: { id: model.id, name: model.name, version: model.version, sha256: model.sha256 },
    featureNames: RAW_FEATURE_NAMES,
    scores: echo.map((e, i) => ({ ...e, probability: p[i] })),
  };
}
