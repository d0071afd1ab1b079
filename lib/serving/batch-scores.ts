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
