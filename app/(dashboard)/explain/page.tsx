import { Suspense } from 'react';
import { ExplainView } from '@/components/explain/explain-view';
import { PageHeader } from '@/components/ui/page-header';
import { requirePagePermission } from '@/lib/auth/require-page';

export default async function ExplainPage() {
  await requirePagePermission('models.read');
  return (
    <>
      <PageHeader
        title="Explain"
        subtitle="Why a model says what it says: global importance, summary and dependence plots, and one customer's explanation with a what-if panel scored by the served model."
      />
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <ExplainView />
      </Suspense>
    </>
  );
}
