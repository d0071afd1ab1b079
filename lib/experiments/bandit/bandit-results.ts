import 'server-only';
import type { OrgContext } from '../../auth/context';
import { db } from '../../db';
import { AppError } from '../../http/errors';
import { Rng } from '../../ml/rng';
import { murmur3x86_32 } from '../murmur3';
import { armStats, loadBanditLog, loggedDecisions } from './bandit-log';
import { readBanditSettings } from './bandit-settings';
import { ipsEstimates, normalIntervals } from './ips';
import { posteriorInterval } from './posterior-interval';
import { thompsonAllocation } from './thompson';

/**
 * What the results page of a bandit shows, from the log as it stands: each arm's posterior on the decision metric
 * (mean and 95 % interval), probability of being best and expected loss (Monte Carlo, 20,000 draws seeded by the
 * key, so the page is stable between reloads), IPS and self-normalised IPS estimates with 95 % intervals of
 * profit per customer and conversion (unbiased despite the changing allocation: each customer weighted by 1/p of
 * the probability logged when served), and the allocation history.
 */
/** The JSON the API answers (dates as ISO strings), typed once for the client. */
export type BanditResults = Awaited<ReturnType<typeof banditResults>>;

export async function banditResults(ctx: OrgContext, id: string) {
  const e = await db.experiment.findFirst({
    where: { id, organizationId: ctx.orgId },
    include: {
      variants: { orderBy: [{ isControl: 'desc' }, { name: 'asc' }] },
      allocations: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    },
  });
  if (!e) throw AppError.notFound('Experiment');
  if (e.type !== 'BANDIT') throw new AppError('conflict', 'This experiment is an A/B test: read its results instead');
  const settings = readBanditSettings(e.bandit);
  const log = await loadBanditLog(ctx.orgId, id, e.marginPct);
  const stats = armStats(log, e.variants, settings.metric);
  const now = thompsonAllocation(
    stats,
    { metric: settings.metric, burnIn: settings.burnIn, minShare: settings.minShare, draws: 20_000 },
    new Rng(murmur3x86_32(`${e.key}#results`, 0)),
  );
  const estimates = (metric: 'profit' | 'conversion') => {
    const r = ipsEstimates(loggedDecisions(log, e.variants, metric), e.variants.length);
    const ipsCi = normalIntervals(r.ips, r.ipsSe);
    const snipsCi = normalIntervals(r.snips, r.snipsSe);
    const naive = armStats(log, e.variants, metric).map((s) => (s.n ? s.sum / s.n : null));
    return e.variants.map((_, i) => ({
      ips: r.ips[i],
      ipsInterval: finite(ipsCi[i]),
      snips: r.snips[i],
      snipsInterval: finite(snipsCi[i]),
      naive: naive[i],
    }));
  };
  const profit = estimates('profit');
  const conversion = estimates('conversion');
  const best = now.probabilityBest.indexOf(Math.max(...now.probabilityBest));
  const name = new Map(e.variants.map((v) => [v.id, v.name]));
  return {
    experiment: {
      id: e.id,
      key: e.key,
      name: e.name,
      type: e.type,
      status: e.status,
      description: e.description,
      marginPct: e.marginPct,
      startedAt: e.startedAt?.toISOString() ?? null,
      stoppedAt: e.stoppedAt?.toISOString() ?? null,
      nextReallocationAt: e.nextReallocationAt?.toISOString() ?? null,
    },
    settings,
    customers: log.length,
    phase: now.phase,
    bestArm: log.length ? e.variants[best].name : null,
    arms: e.variants.map((v, i) => ({
      id: v.id,
      name: v.name,
      discountPct: v.discountPct,
      /** share of new customers this arm gets now */
      weight: v.weight,
      customers: stats[i].n,
      conversions: log.filter((r) => r.variantId === v.id && r.converted).length,
      posterior: {
        mean: now.posteriors[i].mean,
        sd: now.posteriors[i].sd,
        interval: posteriorInterval(stats[i], now.posteriors[i], settings.metric) as [number, number],
      },
      probabilityBest: now.probabilityBest[i],
      expectedLoss: now.expectedLoss[i],
      profit: profit[i],
      conversion: conversion[i],
    })),
    allocations: e.allocations.map((a) => ({
      at: a.createdAt.toISOString(),
      phase: a.phase,
      trigger: a.trigger,
      customers: a.customers,
      weights: Object.fromEntries(
        Object.entries(a.weights as Record<string, number>).map(([vid, w]) => [name.get(vid) ?? vid, w]),
      ),
    })),
  };
}

const finite = (ci: [number, number]): [number, number] | null =>
  Number.isFinite(ci[0]) && Number.isFinite(ci[1]) ? ci : null;
