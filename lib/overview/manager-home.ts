import 'server-only';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { experimentResults } from '../experiments/experiment-results';
import { log } from '../log';
import { storedModelMonitoring } from '../models/stored-monitoring';
import { measureRollout } from '../policies/rollout-measurement';
import { can } from '../rbac';

/**
 * The manager's home: what is live now (active policy versions with their measured profit against their baseline,
 * running experiments with their profit verdict and days to a decision, the served model with its AUC, its calibration
 * on the last 30 days of logged decisions and its worst-drifting input) and what needs the viewer (versions
 * awaiting approval — for those who may approve — or drafts to submit, failed jobs, imports with rejected rows).
 */
export async function managerHome(ctx: OrgContext, opts: { now?: Date } = {}) {
  const org = { organizationId: ctx.orgId };
  const [active, running, served, awaiting, drafts, failedJobs, rejectedImports] = await Promise.all([
    db.policyVersion.findMany({
      where: { ...org, status: { in: ['ACTIVE', 'PAUSED'] } },
      include: { policy: { include: { campaign: { select: { name: true } } } } },
      orderBy: { activatedAt: 'desc' },
    }),
    db.experiment.findMany({
      where: { ...org, status: 'RUNNING' },
      orderBy: { startedAt: 'asc' },
      select: { id: true, name: true, campaignId: true, segmentId: true },
    }),
    db.modelVersion.findFirst({
      where: { ...org, isActive: true },
      select: { id: true, name: true, version: true, algorithm: true, metrics: true },
    }),
    db.policyVersion.findMany({
      where: { ...org, status: 'SUBMITTED' },
      include: { policy: { select: { name: true } } },
      orderBy: { updatedAt: 'asc' },
    }),
    db.policyVersion.count({ where: { ...org, status: 'DRAFT' } }),
    db.trainingJob.findMany({
      where: { ...org, status: 'FAILED' },
      orderBy: { finishedAt: 'desc' },
      take: 5,
      select: { id: true, kind: true, error: true, finishedAt: true },
    }),
    db.dataset.findMany({
      where: { ...org, rowsRejected: { gt: 0 } },
      orderBy: { createdAt: 'desc' },
      take: 5,
      select: { id: true, name: true, kind: true, rowsRejected: true, rowsTotal: true },
    }),
  ]);
  // the live versions' measurements, the running experiments' results and the served model's monitoring read
  // different rows: at once, so the page waits for the slowest of them rather than their sum
  const measurePolicies = Promise.all(
    active.map(async (v) => {
      const m = await measureRollout(ctx, v.id);
      return {
        id: v.id,
        label: `${v.policy.campaign.name}: ${v.policy.name} v${v.version}`,
        status: v.status,
        share: m.share,
        verdict: m.verdict,
        message: m.message,
        /** a running experiment of this campaign decides before the version (for its segment, or everyone) */
        overriddenBy:
          running
            .filter((e) => !e.campaignId || e.campaignId === v.policy.campaignId)
            .map((e) => ({ id: e.id, name: e.name, wholeCampaign: !e.segmentId }))[0] ?? null,
      };
    }),
  );
  const measureExperiments = Promise.all(
    running.map(async (e) => {
      // a running experiment enrols in real time: days running (and so the enrolment rate) up to `now`, as its page
      const r = await experimentResults(ctx, e.id, { asOf: opts.now ?? new Date() });
      return {
        id: e.id,
        name: r.experiment.name,
        startedAt: r.experiment.startedAt,
        customers: r.variants.reduce((s, v) => s + v.users, 0),
        /** each treatment arm against the control, by profit */
        verdicts: r.profitVerdicts,
        /** customers and days still needed to detect a 5 % lift on the primary metric (80 % power) */
        planning: r.planning,
      };
    }),
  );
  // the served model's last 30 days of real outcomes (as of the organisation's latest data) and its worst input drift
  // (a failure there must not take the whole home page down: it is logged, and the model page shows the error)
  const monitor = served
    ? storedModelMonitoring(ctx, served.id, opts.now ?? new Date()).catch((err: unknown) => {
        log.warn({ err, modelVersionId: served.id }, 'overview: model monitoring failed');
        return null;
      })
    : null;
  const [policies, experiments, monitoring] = await Promise.all([measurePolicies, measureExperiments, monitor]);
  const auc = (served?.metrics as { holdout?: { auc?: number } } | null)?.holdout?.auc ?? null;
  return {
    live: {
      policies,
      experiments,
      model: served
        ? {
            id: served.id,
            name: `${served.name} v${served.version}`,
            algorithm: served.algorithm,
            auc,
            calibration: monitoring && {
              asOf: monitoring.window.asOf,
              days: monitoring.window.days,
              decisions: monitoring.calibration.n,
              predicted: monitoring.calibration.meanPredicted,
              realised: monitoring.calibration.realised,
              realisedCi: monitoring.calibration.realisedCi,
              miscalibratedDeciles: monitoring.calibration.miscalibratedBins,
              deciles: monitoring.calibration.bins.length,
            },
            /** when the monitoring shown was computed (a stored result: lib/models/stored-monitoring.ts) */
            monitoredAt: monitoring?.stored.computedAt ?? null,
            worstDrift: monitoring?.drift.worst
              ? {
                  feature: monitoring.drift.worst.name,
                  psi: monitoring.drift.worst.psi,
                  level: monitoring.drift.worst.level,
                }
              : null,
          }
        : null,
    },
    needs: {
      approvals: can(ctx.role, 'policies.approve')
        ? awaiting.map((v) => ({ id: v.id, label: `${v.policy.name} v${v.version}` }))
        : [],
      awaitingOthers: can(ctx.role, 'policies.approve') ? 0 : awaiting.length,
      drafts: can(ctx.role, 'policies.submit') ? drafts : 0,
      failedJobs: failedJobs.map((j) => ({
        id: j.id,
        kind: j.kind,
        error: j.error?.slice(0, 160) ?? 'failed',
        finishedAt: j.finishedAt,
      })),
      rejectedImports,
    },
  };
}
