import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requirePagePermission } from '@/lib/auth/require-page';

export default async function ExperimentsPage() {
  await requirePagePermission('experiments.read');
  return (
    <>
      <PageHeader title="Experiments" subtitle="A/B experiments that measure what a policy really did to conversion, revenue and profit." />
      <EmptyState title="No experiment yet">Experiments assign customers deterministically to variants and report lift with confidence intervals, SRM checks and a plain-language verdict.</EmptyState>
    </>
  );
}
