/**
 * Deterministic variant assignment.
 *
 *   bucket(experimentKey, customerId) = murmur3(customerId, seed = murmur3(experimentKey, 0)) / 2³²  ∈ [0, 1)
 *
 * Strings are hashed as UTF-8 bytes (MurmurHash3 x86_32, murmur3.ts), so the same customer gets the same
 * bucket in every process and on every machine, while buckets of two experiments are independent (the
 * experiment key seeds the hash; no string concatenation, so ("ab", "c") and ("a", "bc") cannot collide).
 *
 *   assignVariant(key, id, variants) = the first variant whose cumulative normalised weight exceeds the bucket:
 *   with w̃ᵢ = wᵢ/Σw and Cᵢ = w̃₁ + … + w̃ᵢ, variant i is chosen when C_{i−1} ≤ bucket < Cᵢ.
 * Changing weights moves only the customers between the old and the new boundaries (ordered ranges).
 */
import { murmur3x86_32 } from './murmur3';

const TWO_POW_32 = 4294967296;

export interface WeightedVariant {
  name: string;
  /** Relative traffic weight, finite and ≥ 0 (normalised by the sum). */
  weight: number;
}

function checkKey(label: string, value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`${label} must be a string or a safe integer (got ${value})`);
    return String(value);
  }
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${label} must be a non-empty string`);
  return value;
}

/** Deterministic uniform number in [0, 1) for (experimentKey, customerId); a numeric id hashes as its decimal string. */
export function bucket(experimentKey: string, customerId: string | number): number {
  const key = checkKey('bucket: experimentKey', experimentKey);
  const id = checkKey('bucket: customerId', customerId);
  return murmur3x86_32(id, murmur3x86_32(key, 0)) / TWO_POW_32;
}

/** Name of the variant that `customerId` sees in experiment `experimentKey`. */
export function assignVariant(experimentKey: string, customerId: string | number, variants: WeightedVariant[]): string {
  if (!Array.isArray(variants) || variants.length === 0)
    throw new RangeError('assignVariant: need at least one variant');
  let total = 0;
  for (const v of variants) {
    if (!(v.weight >= 0) || !Number.isFinite(v.weight))
      throw new RangeError(`assignVariant: weight of "${v.name}" must be finite and >= 0 (got ${v.weight})`);
    total += v.weight;
  }
  if (!(total > 0)) throw new RangeError('assignVariant: weights sum to 0');
  const u = bucket(experimentKey, customerId);
  let cumulative = 0;
  let lastPositive = variants[0].name;
  for (const v of variants) {
    if (v.weight === 0) continue;
    lastPositive = v.name;
    cumulative += v.weight / total;
    if (u < cumulative) return v.name;
  }
  return lastPositive; // float rounding left the last cumulative just below 1
}
