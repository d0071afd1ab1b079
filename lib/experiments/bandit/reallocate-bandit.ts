import 'server-only';
import type { Prisma } from '@/generated/prisma/client';
import { writeAudit } from '../../audit/write-audit';
import type { OrgContext } from '../../auth/context';
import { db } from '../../db';
import { AppError } from '../../http/errors';
import { Rng } from '../../ml/rng';
import { invalidateServingCaches } from '../../serving/ttl-cache';
import { murmur3x86_32 } from '../murmur3';
import { armStats, loadBanditLog } from './bandit-log';
import { nextReallocation, readBanditSettings } from './bandit-settings';
import { thompsonAllocation } from './thompson';

/**
 * Reallocation of a running bandit's traffic: from every assignment logged so far and the purchases attributed to
 * it, Thompson sampling (thompson.ts) gives each arm's P(best), expected loss and next weight; the weights are
 * written to the arms (serving reads them, lib/serving/decide-offer.ts) and appended to the allocation history.
 * Time comes from the caller (`now`): the worker's scheduler passes its clock, tests pass fixed instants. The
 * Monte-Carlo draws are seeded by the experiment key and the allocation's ordinal, so a reallocation is
 * reproducible from the data. Purchases that have not happened yet simply count as no conversion so far.
 */
type Tx = Prisma.TransactionClient;
export type ReallocationTrigger = 'schedule' | 'manual';

/** The organisation acting when the scheduler (no user) reallocates. */
const scheduler = (orgId: string): OrgContext => ({
  orgId,
  orgName: '',
  role: 'ADMIN',
  userId: null,
  apiKeyId: null,
  actorLabel: 'scheduler',
});

/** At approval: the even split, the first row of the history, and the first scheduled reallocation. */
export async function startBanditAllocation(
  tx: Tx,
  orgId: string,
  e: { id: string; bandit: unknown; variants: { id: string }[] },
  now: Date,
) {
  const settings = readBanditSettings(e.bandit);
  const even = 1 / e.variants.length;
  await tx.experimentVariant.updateMany({
    where: { experimentId: e.id, organizationId: orgId },
    data: { weight: even },
  });
  await tx.banditAllocation.create({
    data: {
      organizationId: orgId,
      experimentId: e.id,
      phase: 'start',
      weights: Object.fromEntries(e.variants.map((v) => [v.id, even])),
      customers: 0,
      trigger: 'start',
      createdAt: now,
    },
  });
  await tx.experiment.update({
    where: { id: e.id },
    data: { nextReallocationAt: nextReallocation(now, settings.schedule) },
  });
}

/**
 * Reallocates one bandit now. `trigger: 'schedule'` does nothing (returns null) unless a reallocation is due at
 * `now` — so two workers ticking together reallocate once (the row is locked). 409 unless it is a running bandit.
 */
export async function reallocateBandit(
  ctx: OrgContext,
  id: string,
  opts: { now: Date; trigger: ReallocationTrigger; draws?: number },
) {
  const row = await db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Experiment" WHERE id = ${id} AND "organizationId" = ${ctx.orgId} FOR UPDATE`;
      if (!locked[0]) throw AppError.notFound('Experiment');
      const e = await tx.experiment.findFirstOrThrow({
        where: { id },
        include: {
          variants: { orderBy: [{ isControl: 'desc' }, { name: 'asc' }] },
          _count: { select: { allocations: true } },
        },
      });
      if (e.type !== 'BANDIT') throw new AppError('conflict', 'Only a bandit experiment reallocates its traffic');
      if (e.status !== 'RUNNING')
        throw new AppError('conflict', `Cannot reallocate a bandit that is ${e.status.toLowerCase()}`);
      if (opts.trigger === 'schedule' && (!e.nextReallocationAt || e.nextReallocationAt > opts.now)) return null;
      const settings = readBanditSettings(e.bandit);
      const log = await loadBanditLog(ctx.orgId, id, e.marginPct, tx);
      const stats = armStats(log, e.variants, settings.metric);
      const seed = murmur3x86_32(`${e.key}#${e._count.allocations}`, 0);
      const a = thompsonAllocation(
        stats,
        { metric: settings.metric, burnIn: settings.burnIn, minShare: settings.minShare, draws: opts.draws ?? 10_000 },
        new Rng(seed),
      );
      const byVariant = (xs: number[]) => Object.fromEntries(e.variants.map((v, i) => [v.id, xs[i]]));
      for (const [i, v] of e.variants.entries()) {
        await tx.experimentVariant.update({ where: { id: v.id }, data: { weight: a.weights[i] } });
      }
      const allocation = await tx.banditAllocation.create({
        data: {
          organizationId: ctx.orgId,
          experimentId: id,
          phase: a.phase,
          weights: byVariant(a.weights),
          probabilityBest: byVariant(a.probabilityBest),
          expectedLoss: byVariant(a.expectedLoss),
          customers: log.length,
          trigger: opts.trigger,
          createdAt: opts.now,
        },
      });
      await tx.experiment.update({
        where: { id },
        data: { nextReallocationAt: nextReallocation(opts.now, settings.schedule) },
      });
      await writeAudit(tx, ctx, {
        action: 'experiment.reallocate',
        entityType: 'Experiment',
        entityId: id,
        diff: { trigger: opts.trigger, phase: a.phase, customers: log.length, weights: allocation.weights },
      });
      return allocation;
    },
    { timeout: 30_000 },
  );
  if (row) invalidateServingCaches(ctx.orgId);
  return row;
}

/** The worker's scheduler tick: reallocates every running bandit (of any organisation) that is due at `now`. */
export async function reallocateDueBandits(now: Date): Promise<number> {
  const due = await db.experiment.findMany({
    where: { status: 'RUNNING', type: 'BANDIT', nextReallocationAt: { lte: now } },
    select: { id: true, organizationId: true },
    orderBy: { nextReallocationAt: 'asc' },
  });
  let done = 0;
  for (const e of due) {
    if (await reallocateBandit(scheduler(e.organizationId), e.id, { now, trigger: 'schedule' })) done++;
  }
  return done;
}
