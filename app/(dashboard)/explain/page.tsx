import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requirePagePermission } from '@/lib/auth/require-page';

export default async function ExplainPage() {
  await requirePagePermission('models.read');
  return (
    <>
      <PageHeader title="Explain" subtitle="Why a model says what it says: global importance, per-customer explanations, dependence plots." />
      <EmptyState title="Nothing to explain yet">Once a model version exists, its permutation importance, SHAP summary, dependence plots and per-customer waterfalls with a what-if panel appear here.</EmptyState>
    </>
  );
}
