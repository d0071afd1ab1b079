/**
 * How an active policy version shares its campaign's traffic with its baseline (pure, deterministic):
 *   share of the new version  s = rolloutPct/100 when rolled out partially, else 1 − holdoutPct/100 (full rollout
 *   keeps a holdout so the effect stays measurable);
 *   customer c is in the new arm iff bucket(salt, c) < s  (MurmurHash3, uniform on [0, 1)), with the salt
 *   "rollout:<campaign>/<policy>/v<version>" (names, not random ids: the same version splits the same customers
 *   the same way on every server, after every restart, and in every test run),
 *   and the arm's probability (logged with the decision, used by IPS) is s for "new" and 1 − s for "baseline".
 * The baseline arm gets the version it replaced (default) or no discount (chosen explicitly).
 */
import { bucket } from '../experiments/assignment';

export type RolloutArm = 'new' | 'baseline';

export function newVersionShare(v: { rolloutPct: number; holdoutPct: number }): number {
  const share = v.rolloutPct < 100 ? v.rolloutPct / 100 : 1 - v.holdoutPct / 100;
  if (!(share > 0 && share <= 1)) throw new RangeError(`the new version's share must be in (0, 1] (got ${share})`);
  return share;
}

export function rolloutSalt(v: { campaign: string; policy: string; version: number }): string {
  return `${v.campaign}/${v.policy}/v${v.version}`;
}

export function rolloutArm(
  salt: string,
  customerExternalId: string,
  share: number,
): { arm: RolloutArm; probability: number } {
  return bucket(`rollout:${salt}`, customerExternalId) < share
    ? { arm: 'new', probability: share }
    : { arm: 'baseline', probability: 1 - share };
}

/** "v3 will decide for 50 % of customers; v1 keeps the rest" — the effect of a rollout, in words. */
export function describeRollout(opts: {
  version: number;
  rolloutPct: number;
  holdoutPct: number;
  baseline: 'previous' | 'none';
  replacesVersion: number | null;
}): string {
  const share = Math.round(newVersionShare(opts) * 1000) / 10;
  const rest =
    opts.baseline === 'previous' && opts.replacesVersion !== null
      ? `v${opts.replacesVersion} keeps the rest`
      : 'the rest get no discount';
  if (opts.rolloutPct >= 100 && opts.holdoutPct > 0)
    return `v${opts.version} will decide for ${share}% of customers; a ${opts.holdoutPct}% holdout stays as a comparison (${rest}).`;
  if (share >= 100)
    return `v${opts.version} will decide for every customer of this campaign; no holdout, so its effect cannot be measured.`;
  return `v${opts.version} will decide for ${share}% of customers; ${rest}.`;
}
