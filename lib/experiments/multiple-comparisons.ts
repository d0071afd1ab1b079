/**
 * Family-wise error rate corrections for m simultaneous p-values (one per treatment vs control).
 *
 * - Holm (1979) step-down: sort p ascending p(1) ≤ … ≤ p(m); adjusted p(i) = max_{j ≤ i} min(1, (m − j + 1) p(j)).
 *   Uniformly more powerful than Bonferroni, controls FWER under any dependence. Matches
 *   statsmodels.stats.multitest.multipletests(method='holm') and R's p.adjust(method = 'holm').
 * - Bonferroni: adjusted p(i) = min(1, m p(i)).
 * Adjusted p-values are returned in the input order. "Reject at level α" ⇔ adjusted p ≤ α.
 */

export type Correction = 'holm' | 'bonferroni' | 'none';

function checkPValues(name: string, pValues: ArrayLike<number>): void {
  for (let i = 0; i < pValues.length; i++) {
    const p = pValues[i];
    if (!(p >= 0 && p <= 1)) throw new RangeError(`${name}: p-value ${i} must be in [0, 1] (got ${p})`);
  }
}

/** Holm step-down adjusted p-values, in input order. */
export function holmAdjust(pValues: ArrayLike<number>): number[] {
  checkPValues('holmAdjust', pValues);
  const m = pValues.length;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => pValues[a] - pValues[b] || a - b);
  const adjusted = new Array<number>(m);
  let running = 0;
  for (let rank = 0; rank < m; rank++) {
    const i = order[rank];
    running = Math.max(running, Math.min(1, (m - rank) * pValues[i]));
    adjusted[i] = running;
  }
  return adjusted;
}

/** Bonferroni adjusted p-values, in input order. */
export function bonferroniAdjust(pValues: ArrayLike<number>): number[] {
  checkPValues('bonferroniAdjust', pValues);
  const m = pValues.length;
  return Array.from(pValues, (p) => Math.min(1, m * p));
}

/** Apply the named correction (`'none'` returns a copy). */
export function adjustPValues(pValues: ArrayLike<number>, correction: Correction): number[] {
  if (correction === 'holm') return holmAdjust(pValues);
  if (correction === 'bonferroni') return bonferroniAdjust(pValues);
  checkPValues('adjustPValues', pValues);
  return Array.from(pValues);
}
