import { ManagerHome } from '@/components/overview/manager-home';
import { PageHeader } from '@/components/ui/page-header';
import { Stat } from '@/components/ui/stat';
import { requirePagePermission } from '@/lib/auth/require-page';
import { getOverview } from '@/lib/overview/get-overview';
import { managerHome } from '@/lib/overview/manager-home';
import type { RowCount } from '@/lib/postgres/org-row-count';
import { orgNumberFormat } from '@/lib/settings/org-format';

export default async function OverviewPage() {
  const ctx = await requirePagePermission('org.read');
  const [o, home, f] = await Promise.all([
    getOverview(ctx),
    managerHome(ctx, { now: new Date() }),
    orgNumberFormat(ctx.orgId),
  ]);
  const formatCount = (n: number) => f.number(n, 0);
  // past 200,000 rows a count is the planner's estimate: three significant figures, marked ≈
  const formatRows = (c: RowCount) =>
    c.approximate ? `≈ ${f.number(Number(c.count.toPrecision(3)), 0)}` : formatCount(c.count);
  return (
    <>
      <PageHeader title="Overview" subtitle={`What is live at ${ctx.orgName}, and what needs you.`} />
      <ManagerHome home={home} />
      <h2>In OfferPilot</h2>
      <div className="grid">
        <Stat label="Customers" value={formatRows(o.customers)} testId="stat-customers" />
        <Stat label="Behaviour events" value={formatRows(o.events)} testId="stat-events" />
        <Stat label="Logged offer exposures" value={formatRows(o.exposures)} testId="stat-exposures" />
        <Stat label="Uploaded datasets" value={formatCount(o.datasets)} testId="stat-datasets" />
        <Stat label="Model versions" value={formatCount(o.models)} testId="stat-models" />
        <Stat label="Discount policies" value={formatCount(o.policies)} testId="stat-policies" />
        <Stat label="Experiments" value={formatCount(o.experiments)} testId="stat-experiments" />
      </div>
    </>
  );
}
