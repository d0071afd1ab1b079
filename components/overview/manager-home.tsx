'use client';

import Link from 'next/link';
import { daysToDecisionText } from '@/components/experiments/days-to-decision-text';
import { useFormat } from '@/components/ui/format-provider';
import { VerdictBanner } from '@/components/ui/verdict-banner';
import type { managerHome } from '@/lib/overview/manager-home';

type Home = Awaited<ReturnType<typeof managerHome>>;

/** What is live now and what needs the viewer, each with one link to act on it. */
export function ManagerHome({ home }: { home: Home }) {
  const f = useFormat();
  const { live, needs } = home;
  const nothingNeeded =
    needs.approvals.length +
      needs.failedJobs.length +
      needs.rejectedImports.length +
      needs.drafts +
      needs.awaitingOthers ===
    0;
  return (
    <div className="charts">
      <section className="card" data-testid="live-now">
        <h2 style={{ marginTop: 0 }}>Live now</h2>
        {live.policies.length === 0 && (
          <p className="muted">
            No policy version is live. <Link href="/policies">Draft or roll out a policy</Link>
          </p>
        )}
        {live.policies.map((p) => (
          <div key={p.id}>
            <p>
              <Link href="/policies">
                <strong>{p.label}</strong>
              </Link>{' '}
              <span className="muted small">
                {p.status === 'PAUSED'
                  ? 'paused'
                  : p.overriddenBy?.wholeCampaign
                    ? `decides for no one while experiment "${p.overriddenBy.name}" takes this campaign's traffic`
                    : `decides for ${f.pct(p.share, { digits: 0 })} of customers${p.overriddenBy ? ` outside the segment of experiment "${p.overriddenBy.name}"` : ''}`}
              </span>
            </p>
            {p.verdict ? (
              <VerdictBanner verdict={p.verdict} testId="live-policy-verdict" />
            ) : (
              <p className="small muted">Against its baseline: {p.message}</p>
            )}
          </div>
        ))}
        {live.experiments.map((e) => (
          <div key={e.id}>
            <p>
              Experiment <Link href={`/experiments/${e.id}`}>{e.name}</Link> is running ({f.number(e.customers, 0)}{' '}
              customers so far) and decides before any policy for the customers it covers.
            </p>
            {e.verdicts.map((v) => (
              <VerdictBanner key={v.headline} verdict={v} testId="live-experiment-verdict" />
            ))}
            <p className="small" data-testid="live-experiment-decision">
              {daysToDecisionText(e.planning, 'RUNNING', e.planning.mdePct, f)}
            </p>
          </div>
        ))}
        <p data-testid="served-model">
          {live.model ? (
            <>
              Served model: <Link href={`/models/${live.model.id}`}>{live.model.name}</Link> ({live.model.algorithm}
              {live.model.auc !== null ? `, holdout AUC ${live.model.auc.toFixed(3)}` : ''})
            </>
          ) : (
            <>
              No model is served. <Link href="/models">Train or serve one</Link>
            </>
          )}
        </p>
        {live.model && <ServedModelHealth model={live.model} />}
      </section>
      <section className="card" data-testid="needs-me">
        <h2 style={{ marginTop: 0 }}>Needs you</h2>
        {nothingNeeded && <p className="muted">Nothing waits for you.</p>}
        <ul>
          {needs.approvals.map((a) => (
            <li key={a.id}>
              <Link href="/policies">{a.label}</Link> awaits your approval
            </li>
          ))}
          {needs.awaitingOthers > 0 && (
            <li>
              {needs.awaitingOthers} submitted version(s) await an admin&apos;s approval (
              <Link href="/policies">see</Link>)
            </li>
          )}
          {needs.drafts > 0 && (
            <li>
              {needs.drafts} draft version(s) not yet submitted (<Link href="/policies">submit</Link>)
            </li>
          )}
          {needs.failedJobs.map((j) => (
            <li key={j.id}>
              <Link href={`/jobs/${j.id}`}>A {j.kind.toLowerCase()} job failed</Link>: {j.error}
            </li>
          ))}
          {needs.rejectedImports.map((d) => (
            <li key={d.id}>
              Import <Link href={`/data/${d.id}`}>{d.name}</Link> rejected {f.number(d.rowsRejected, 0)} of{' '}
              {f.number(d.rowsTotal, 0)} rows
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** The served model's last 30 days: predicted vs realised conversion, and its worst-drifting input. */
function ServedModelHealth({ model }: { model: NonNullable<Home['live']['model']> }) {
  const f = useFormat();
  const c = model.calibration;
  const d = model.worstDrift;
  return (
    <ul className="small" data-testid="served-model-health">
      <li data-testid="served-model-calibration">
        {!c || c.decisions === 0 ? (
          <>No decision in the last 30 days of data was scored by it: nothing to compare with real outcomes yet.</>
        ) : (
          <>
            Last {c.days} days to {new Date(c.asOf).toISOString().slice(0, 10)}: predicted{' '}
            {f.pct(c.predicted, { digits: 1 })} conversion, realised {f.pct(c.realised, { digits: 1 })} (
            {f.pct(c.realisedCi[0], { digits: 1 })}–{f.pct(c.realisedCi[1], { digits: 1 })}) on{' '}
            {f.number(c.decisions, 0)} decisions;{' '}
            {c.miscalibratedDeciles === 0
              ? 'calibrated in every decile'
              : `off in ${c.miscalibratedDeciles} of ${c.deciles} deciles`}
            .
          </>
        )}
      </li>
      <li data-testid="served-model-drift">
        {d ? (
          <>
            Worst-drifting input: <strong>{d.feature}</strong>, PSI {f.number(d.psi, 3)} (
            {d.level === 'drift' ? 'drifted, > 0.2' : d.level === 'watch' ? 'watch, 0.1–0.2' : 'stable, < 0.1'}).{' '}
            <Link href={`/models/${model.id}`}>See calibration and drift</Link>
          </>
        ) : (
          <>No recent customers to compare with the training data yet.</>
        )}
      </li>
      {model.monitoredAt && (
        <li className="muted" data-testid="served-model-computed-at" data-volatile>
          Computed{' '}
          {new Date(model.monitoredAt).toLocaleString(f.settings.locale, { dateStyle: 'medium', timeStyle: 'short' })}{' '}
          by the worker (again after every import, and when older than 10 minutes).
        </li>
      )}
    </ul>
  );
}
