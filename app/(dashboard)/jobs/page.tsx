import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requirePagePermission } from '@/lib/auth/require-page';

export default async function JobsPage() {
  await requirePagePermission('models.read');
  return (
    <>
      <PageHeader title="Jobs" subtitle="Training and segmentation jobs: status, progress, logs, cancel and retry." />
      <EmptyState title="No jobs yet">Jobs launched from Models and Segments will appear here with live progress bars and their learning curves.</EmptyState>
    </>
  );
}
