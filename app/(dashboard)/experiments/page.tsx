import { ExperimentForm } from '@/components/experiments/experiment-form';
import { ExperimentsTable } from '@/components/experiments/experiments-table';
import { PageHeader } from '@/components/ui/page-header';
import { requirePagePermission } from '@/lib/auth/require-page';
import { can } from '@/lib/rbac';

export default async function ExperimentsPage() {
  const ctx = await requirePagePermission('experiments.read');
  const canEdit = can(ctx.role, 'experiments.edit');
  return (
    <>
      <PageHeader
        title="Experiments"
        subtitle="A/B tests and bandits on live offers: deterministic assignment, attributed conversions, results a statistician would sign."
      />
      {canEdit && <ExperimentForm />}
      <ExperimentsTable
        canEdit={canEdit}
        rights={{
          userId: ctx.userId,
          canSubmit: can(ctx.role, 'experiments.submit'),
          canApprove: can(ctx.role, 'experiments.approve'),
        }}
      />
    </>
  );
}
