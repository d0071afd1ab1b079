import 'server-only';
import { z } from 'zod';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { resolveAsOf } from '../features/data-cutoff';
import {
  categoricalColumns,
  type FeatureSchema,
  rawFeatureNames,
  rawInputFromAggregate,
  ZFeatureSchema,
} from '../features/feature-schema';
import { toAggregate } from '../features/live-aggregate';
import { AppError } from '../http/errors';
import { featureSchemaHash, OnnxMetadataError, readOnnxMetadata } from '../ml/onnx/onnx-metadata';
import { loadVerifiedModelFile, signingKeyId } from '../models/stored-model-file';
import { readFeatures } from './feature-store';
import { runProbability, sessionFor } from './onnx-sessions';
import { ttlCache } from './ttl-cache';

const modelRows = ttlCache<{
  id: string;
  name: string;
  version: number;
  onnxSha256: string | null;
  onnxSignature: string | null;
  featureSchema: unknown;
} | null>();

/**
 * Scoring through the served ONNX model. A model version is served only when its stored file passes its signature
 * check (lib/models/stored-model-file.ts: the bytes hash to the stored SHA-256, whose HMAC under MODEL_SIGNING_KEY is
 * the stored signature) and carries valid metadata whose feature-schema hash matches the raw inputs serving builds;
 * anything else is refused with 422, never guessed at (a failed signature is logged). The onnxruntime session is
 * built from the very bytes that were verified and cached under the hash computed from them. A verification holds
 * for 60 s per (row, stored hash, stored signature, key): an edited column is checked at once, edited bytes within
 * a minute (until then the session keeps running the verified bytes, never the edited ones).
 */
const verifiedModels = ttlCache<{ sha256: string; session: Awaited<ReturnType<typeof sessionFor>> }>(60_000);
const asOfCache = ttlCache<Date>(30_000);

/** As-of instant of serving features: the organisation's data cut-off (latest event), cached for 30 s. */
export function servingAsOf(orgId: string): Promise<Date> {
  return asOfCache(`${orgId}:as-of`, () => resolveAsOf(orgId));
}

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
      select: { id: true, name: true, version: true, onnxSha256: true, onnxSignature: true, featureSchema: true },
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
  const parsed = ZFeatureSchema.safeParse(m.featureSchema);
  if (!parsed.success)
    throw new AppError('unprocessable', `Model ${m.name} v${m.version} has an unreadable feature schema; retrain it`);
  const schema = parsed.data;
  const { sha256, session } = await verifiedModels(
    `${ctx.orgId}:${m.id}:${m.onnxSha256}:${m.onnxSignature}:${signingKeyId()}`,
    async () => {
      const file = await loadVerifiedModelFile(ctx.orgId, m.id);
      try {
        const meta = readOnnxMetadata(file.bytes);
        if (meta.featureSchemaHash !== featureSchemaHash(rawFeatureNames(schema), categoricalColumns(schema)))
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
      return {
        sha256: file.sha256,
        session: await sessionFor({ id: m.id, sha256: file.sha256 }, async () => file.bytes),
      };
    },
  );
  return {
    id: m.id,
    name: m.name,
    version: m.version,
    sha256,
    schema,
    run: (rows, n) => runProbability(session, rows, n, schema.features.length),
  };
}

/**
 * Raw model input of a stored customer: features from the live feature store measured as of the organisation's
 * data cut-off, its stored attributes, the discount and (models with arms) the arm to score.
 */
export async function customerInput(
  ctx: OrgContext,
  schema: FeatureSchema,
  externalId: string,
  discountPct: number,
  arm?: string,
): Promise<{ customerId: string; raw: Float64Array }> {
  const c = await db.customer.findFirst({
    where: { organizationId: ctx.orgId, externalId },
    select: { id: true, country: true, attributes: true },
  });
  if (!c) throw new AppError('not_found', `Customer ${externalId} not found`);
  if (arm !== undefined && !schema.arms?.names.includes(arm))
    throw new AppError(
      'validation_failed',
      schema.arms ? `No arm named "${arm}"; the model knows ${schema.arms.names.join(', ')}` : 'This model has no arms',
      [{ path: ['rows', 'arm'], message: 'unknown arm' }],
    );
  const agg = toAggregate(await readFeatures(ctx.orgId, c.id, { store: !ctx.sandbox }));
  const attributes = (c.attributes ?? null) as Record<string, number | string> | null;
  const asOf = await servingAsOf(ctx.orgId);
  return {
    customerId: c.id,
    raw: rawInputFromAggregate(schema, agg, discountPct, c.country, asOf, {
      attributes,
      arm: arm ?? schema.arms?.control,
    }),
  };
}

export const ZScoreRequest = z.object({
  modelVersionId: z.string().min(1).max(64).optional(),
  rows: z
    .array(
      z.union([
        z
          .object({
            customerId: z.string().trim().min(1).max(64),
            discountPct: z.number().min(0).max(90).default(0),
            /** models trained on arms: the arm to score (default: the control arm) */
            arm: z.string().trim().min(1).max(128).optional(),
          })
          .strict(),
        z.object({ features: z.array(z.number().finite()).min(1).max(256) }).strict(),
      ]),
    )
    .min(1)
    .max(1000, 'at most 1,000 rows per call'),
});

/** Scores up to 1,000 rows (stored customers by id, or raw feature vectors) in one onnxruntime call. */
export async function score(ctx: OrgContext, input: z.infer<typeof ZScoreRequest>) {
  const model = await servedModel(ctx, input.modelVersionId);
  const names = rawFeatureNames(model.schema);
  const width = names.length;
  input.rows.forEach((r, i) => {
    if ('features' in r && r.features.length !== width)
      throw new AppError(
        'validation_failed',
        `rows[${i}].features must hold ${width} values for this model: ${names.join(', ')}`,
        [{ path: ['rows', i, 'features'], message: `expected ${width} values, got ${r.features.length}` }],
      );
  });
  const rows = new Float32Array(input.rows.length * width);
  const echo: { customerId?: string; features: number[] }[] = [];
  for (let i = 0; i < input.rows.length; i++) {
    const r = input.rows[i];
    const raw =
      'customerId' in r
        ? (await customerInput(ctx, model.schema, r.customerId, r.discountPct, r.arm)).raw
        : Float64Array.from(r.features);
    rows.set(raw, i * width);
    echo.push({ ...('customerId' in r ? { customerId: r.customerId } : {}), features: Array.from(raw) });
  }
  const p = await model.run(rows, input.rows.length);
  return {
    model: { id: model.id, name: model.name, version: model.version, sha256: model.sha256 },
    featureNames: names,
    scores: echo.map((e, i) => ({ ...e, probability: p[i] })),
  };
}
