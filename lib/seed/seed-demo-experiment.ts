import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Prisma } from '@/generated/prisma/client';
import { createDemoGenerator, type DemoOptions } from '../data/demo-generator';
import { trueConversionProbability } from '../data/demo-model';
import { db } from '../db';
import { assignVariant } from '../experiments/assignment';
import { Rng } from '../ml/rng';
import { analyzeTables } from '../postgres/analyze-tables';

/**
 * A finished demo experiment with a KNOWN true effect, so the results page means something at first start:
 * "Control" (no discount) vs "10% off", 50/50, over the simulated merchant's customers during the last 14 days
 * (or the 14 days before `endAt`).
 * Each customer converts with the generator's true probability for their arm, so the true relative lift in
 * conversion is E[p(10%)]/E[p(0%)] − 1 over the customers, written into the description.
 */
export const DEMO_EXPERIMENT_KEY = 'demo-ten-off';

export async function seedDemoExperiment(
  orgSlug: string,
  options: DemoOptions & { endAt?: Date } = {},
): Promise<{ skipped: boolean; trueLift?: number }> {
  const org = await db.organization.findUniqueOrThrow({ where: { slug: orgSlug } });
  if (await db.experiment.findFirst({ where: { organizationId: org.id, key: DEMO_EXPERIMENT_KEY } }))
    return { skipped: true };
  const truth = createDemoGenerator(options).groundTruth();
  const customers = await db.customer.findMany({
    where: { organizationId: org.id, externalId: { in: truth.map((t) => t.customerExternalId) } },
    select: { id: true, externalId: true },
  });
  const idOf = new Map(customers.map((c) => [c.externalId, c.id]));
  const arms = [
    { name: 'Control', weight: 1, discountPct: 0 },
    { name: '10% off', weight: 1, discountPct: 10 },
  ];
  const mean = (d: number) => truth.reduce((s, t) => s + trueConversionProbability(t, d), 0) / truth.length;
  const trueLift = mean(10) / mean(0) - 1;
  // `endAt` fixes the window (the visual regression org: its charts must not move with the clock)
  const end = options.endAt?.getTime() ?? Date.now();
  const start = end - 14 * 86_400_000;
  const experiment = await db.experiment.create({
    data: {
      organizationId: org.id,
      key: DEMO_EXPERIMENT_KEY,
      name: 'Demo: 10% off vs no discount',
      // finished: it ran for 14 days and was stopped, so the campaign's active policy is what serves now
      status: 'STOPPED',
      primaryMetric: 'profit',
      marginPct: 40,
      startedAt: new Date(start),
      stoppedAt: new Date(end),
      guardrails: { maxDiscountCostPerUser: 1, maxConversionDropPct: 5 },
      description: `Simulated with the demo merchant's known response: the true relative lift in conversion of 10% off is ${(trueLift * 100).toFixed(1)}% (E[p] ${mean(0).toFixed(4)} → ${mean(10).toFixed(4)}).`,
      variants: {
        create: arms.map((a, i) => ({
          organizationId: org.id,
          name: a.name,
          weight: a.weight,
          discountPct: a.discountPct,
          isControl: i === 0,
        })),
      },
    },
    include: { variants: true },
  });
  const variantId = new Map(experiment.variants.map((v) => [v.name, v.id]));
  const rng = new Rng(424242);
  const assignments: Prisma.AssignmentCreateManyInput[] = [],
    decisions: Prisma.PolicyDecisionCreateManyInput[] = [],
    exposures: Prisma.OfferExposureCreateManyInput[] = [],
    conversions: Prisma.ConversionEventCreateManyInput[] = [];
  for (const t of truth) {
    const customerId = idOf.get(t.customerExternalId);
    if (!customerId) continue;
    const arm = arms.find((a) => a.name === assignVariant(DEMO_EXPERIMENT_KEY, t.customerExternalId, arms))!;
    const at = new Date(start + rng.next() * (end - start) * 0.9);
    const decisionId = randomUUID();
    const converted = rng.next() < trueConversionProbability(t, arm.discountPct);
    const revenue = converted
      ? Math.round(t.baselineOrderValue * (0.8 + 0.4 * rng.next()) * (1 - arm.discountPct / 100) * 100) / 100
      : 0;
    assignments.push({
      organizationId: org.id,
      experimentId: experiment.id,
      variantId: variantId.get(arm.name)!,
      customerId,
      assignedAt: at,
    });
    decisions.push({
      id: decisionId,
      organizationId: org.id,
      customerId,
      discountPct: arm.discountPct,
      experimentId: experiment.id,
      variantId: variantId.get(arm.name)!,
      createdAt: at,
      details: { reason: `experiment ${DEMO_EXPERIMENT_KEY}, arm ${arm.name}`, propensity: 0.5 },
    });
    exposures.push({
      organizationId: org.id,
      customerId,
      discountPct: arm.discountPct,
      propensity: 0.5,
      shownAt: at,
      converted,
      revenue,
      decisionId,
    });
    if (converted) {
      conversions.push({
        organizationId: org.id,
        customerId,
        decisionId,
        experimentId: experiment.id,
        variantId: variantId.get(arm.name)!,
        revenue,
        occurredAt: new Date(at.getTime() + rng.next() * 86_400_000),
      });
    }
  }
  // one transaction, with room for large demo scales on a busy machine (the default 5 s expired at scale 1)
  await db.$transaction(
    async (tx) => {
      await tx.assignment.createMany({ data: assignments });
      await tx.policyDecision.createMany({ data: decisions });
      await tx.offerExposure.createMany({ data: exposures });
      await tx.conversionEvent.createMany({ data: conversions });
    },
    { timeout: 300_000 },
  );
  // a bulk write like an import: the results page's join plans on the new rows' statistics
  await analyzeTables(['Assignment', 'PolicyDecision', 'OfferExposure', 'ConversionEvent']);
  return { skipped: false, trueLift };
}
