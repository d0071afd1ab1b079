/**
 * Settings of a bandit experiment (stored in Experiment.bandit): the decision metric (profit per customer by
 * default), how often traffic is reallocated, the burn-in (customers per arm before leaving the even split) and
 * the floor (smallest share any arm keeps, so every arm stays estimable).
 */
import { z } from 'zod';

export const BANDIT_SCHEDULES = { hourly: 3_600_000, daily: 86_400_000 } as const;

export const ZBanditSettings = z
  .object({
    metric: z.enum(['profit', 'conversion']).default('profit'),
    schedule: z.enum(['hourly', 'daily']).default('daily'),
    burnIn: z.number().int().min(0).max(1_000_000).default(100),
    minShare: z.number().min(0).max(0.5).default(0.05),
  })
  .strict();
export type BanditSettingsInput = z.input<typeof ZBanditSettings>;
export type StoredBanditSettings = z.output<typeof ZBanditSettings>;

/** The stored settings, defaults filled in (an older or hand-edited row falls back to the defaults). */
export function readBanditSettings(json: unknown): StoredBanditSettings {
  const r = ZBanditSettings.safeParse(json ?? {});
  return r.success ? r.data : ZBanditSettings.parse({});
}

/** When the reallocation after one at `at` is due. */
export function nextReallocation(at: Date, schedule: StoredBanditSettings['schedule']): Date {
  return new Date(at.getTime() + BANDIT_SCHEDULES[schedule]);
}
