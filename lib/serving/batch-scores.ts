import 'server-only';
import type { OrgContext } from '../auth/context';
import { behaviourFeatures } from '../features/customer-features';
import { rawInputRow } from '../features/feature-schema';
import { loadCustomerAggregates } from '../features/load-aggregates';
import type { ServedModel } from './score';

/**
 * P(convert) of many customers at every discount level through one served ONNX model, in batches of 1,000
 * customers: features as of `asOf` from stored history (offline evaluation uses the model's cut-off, budget
 * calibration the organisation's data cut-off). Returns customer id → (discount → probability).
 */
export async function scoreCustomersAtLevels(
  ctx: OrgContext,
  model: ServedModel,
  asOf: Date,
  levels: number[],
  customerIds?: string[],
) {
  const aggs = await loadCustomerAggregates(ctx.orgId, asOf);
  const ids = customerIds ?? [...aggs.keys()];
  const width = model.schema.features.length;
  const out = new Map<string, Map<number, number>>();
  for (let start = 0; start < ids.length; start += 1000) {
    const chunk = ids.slice(start, start + 1000).filter((id) => aggs.has(id));
    const data = new Float32Array(chunk.length * levels.length * width);
    chunk.forEach((id, i) => {
      const a = aggs.get(id)!;
      const b = behaviourFeatures(a.agg, asOf);
      const extra = { attributes: a.attributes, arm: model.schema.arms?.control };
      levels.forEach((d, k) => {
        data.set(rawInputRow(model.schema, b, d, a.country, extra), (i * levels.length + k) * width);
      });
    });
    const p = await model.run(data, chunk.length * levels.length);
    chunk.forEach((id, i) => {
      out.set(id, new Map(levels.map((d, k) => [d, p[i * levels.length + k]])));
    });
  }
  return out;
}

/**
 * Raw model inputs of many customers at the given levels (features as of `asOf` from stored history, the control
 * arm for models trained on arms): customer id → levels × width values, in float32 as the ONNX model receives them.
 */
export async function rawRowsAtLevels(
  ctx: OrgContext,
  schema: ServedModel['schema'],
  asOf: Date,
  levels: number[],
  customerIds: string[],
) {
  const aggs = await loadCustomerAggregates(ctx.orgId, asOf);
  const width = schema.features.length;
  const out = new Map<string, Float32Array>();
  for (const id of customerIds) {
    const a = aggs.get(id);
    if (!a) continue;
    const b = behaviourFeatures(a.agg, asOf);
    const extra = { attributes: a.attributes, arm: schema.arms?.control };
    const rows = new Float32Array(levels.length * width);
    levels.forEach((d, k) => {
      rows.set(rawInputRow(schema, b, d, a.country, extra), k * width);
    });
    out.set(id, rows);
  }
  return out;
}
