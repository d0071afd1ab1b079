import { SegmentRunForm } from '@/components/segments/segment-run-form';
import { SegmentsView } from '@/components/segments/segments-view';
import { PageHeader } from '@/components/ui/page-header';
import { requirePagePermission } from '@/lib/auth/require-page';
import { can } from '@/lib/rbac';

export default async function SegmentsPage() {
  const ctx = await requirePagePermission('org.read');
  return (
    <>
      <PageHeader
        title="Segments"
        subtitle="Customer groups found by k-means and DBSCAN, with their profile and observed response to each discount level."
      />
      {can(ctx.role, 'segments.run') && <SegmentRunForm />}
      <SegmentsView canEdit={can(ctx.role, 'segments.edit')} />
    </>
  );
}
