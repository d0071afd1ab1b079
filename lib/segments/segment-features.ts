import { BEHAVIOUR_FEATURES } from '../features/customer-features';
import { type AttributeSpec, type AttributeValues, MAX_CATEGORIES } from '../features/feature-schema';

/**
 * The clustering input of a segmentation, before standardisation: one column per chosen behaviour feature or
 * numeric attribute (missing values filled with the column's median), and one 0/1 column per category of a chosen
 * categorical attribute (its MAX_CATEGORIES most frequent values, named `name=value`). Pure.
 */
export function segmentationColumns(
  features: readonly string[],
  behaviour: readonly Float64Array[],
  attributes: readonly AttributeValues[],
  specs: readonly AttributeSpec[],
): { names: string[]; rows: Float64Array[] } {
  const n = behaviour.length;
  const columns: { name: string; values: Float64Array }[] = [];
  for (const f of features) {
    const j = (BEHAVIOUR_FEATURES as readonly string[]).indexOf(f);
    const spec = specs.find((s) => s.name === f);
    if (j >= 0) columns.push({ name: f, values: fillMedian(Float64Array.from(behaviour, (r) => r[j])) });
    else if (spec?.type === 'numeric')
      columns.push({
        name: f,
        values: fillMedian(
          Float64Array.from(attributes, (a) => {
            const v = a?.[f];
            return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
          }),
        ),
      });
    else if (spec?.type === 'categorical') {
      const counts = new Map<string, number>();
      for (const a of attributes) {
        const v = a?.[f];
        if (v !== undefined && v !== null) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
      }
      const cats = [...counts.entries()]
        .sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1))
        .slice(0, MAX_CATEGORIES)
        .map(([k]) => k)
        .sort();
      for (const c of cats)
        columns.push({
          name: `${f}=${c}`,
          values: Float64Array.from(attributes, (a) => (a?.[f] !== undefined && String(a?.[f]) === c ? 1 : 0)),
        });
    } else throw new RangeError(`segmentationColumns: unknown feature ${f}`);
  }
  const rows = Array.from({ length: n }, (_, i) => Float64Array.from(columns, (c) => c.values[i]));
  return { names: columns.map((c) => c.name), rows };
}

/** Replaces NaN with the median of the observed values (0 when none), in place; returns the array. */
function fillMedian(v: Float64Array): Float64Array {
  const seen = Array.from(v)
    .filter((x) => !Number.isNaN(x))
    .sort((a, b) => a - b);
  const m = seen.length ? seen[Math.floor(seen.length / 2)] : 0;
  for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i])) v[i] = m;
  return v;
}
