import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requirePagePermission } from '@/lib/auth/require-page';

export default async function PoliciesPage() {
  await requirePagePermission('org.read');
  return (
    <>
      <PageHeader title="Policies" subtitle="Discount policies: drafted by managers, approved and rolled out by admins, every decision audited." />
      <EmptyState title="No discount policy yet">Managers draft versioned rule sets (per segment or score band, or model-optimal under a budget); admins approve, roll out to a share of traffic, pause and roll back.</EmptyState>
    </>
  );
}
