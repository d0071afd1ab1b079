import { PageHeader } from '@/components/ui/page-header';
import { Stat } from '@/components/ui/stat';
import { requirePagePermission } from '@/lib/auth/require-page';
import { getOverview } from '@/lib/overview/get-overview';

export default async function OverviewPage() {
  const ctx = await requirePagePermission('org.read');
  const o = await getOverview(ctx);
  const fmt = (n: number) => n.toLocaleString('en-GB');
  return (
    <>
      <PageHeader title="Overview" subtitle={`What ${ctx.orgName} has in OfferPilot today.`} />
      <div className="grid">
        <Stat label="Customers" value={fmt(o.customers)} testId="stat-customers" />
        <Stat label="Behaviour events" value={fmt(o.events)} testId="stat-events" />
        <Stat label="Logged offer exposures" value={fmt(o.exposures)} testId="stat-exposures" />
        <Stat label="Uploaded datasets" value={fmt(o.datasets)} testId="stat-datasets" />
        <Stat label="Model versions" value={fmt(o.models)} testId="stat-models" />
        <Stat label="Discount policies" value={fmt(o.policies)} testId="stat-policies" />
        <Stat label="Experiments" value={fmt(o.experiments)} testId="stat-experiments" />
      </div>
    </>
  );
}
