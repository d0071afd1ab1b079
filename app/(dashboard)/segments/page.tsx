import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requirePagePermission } from '@/lib/auth/require-page';

export default async function SegmentsPage() {
  await requirePagePermission('org.read');
  return (
    <>
      <PageHeader title="Segments" subtitle="Customer groups found by k-means and DBSCAN, with their response to each discount level." />
      <EmptyState title="No segmentation has been run yet">Segmentation runs (k-means with k chosen by silhouette, DBSCAN) will list each segment here with its size, profile, a 2-D map and its observed response to each discount.</EmptyState>
    </>
  );
}
