import { JobsTable } from '@/components/jobs/jobs-table';
import { PageHeader } from '@/components/ui/page-header';
import { requirePagePermission } from '@/lib/auth/require-page';

export default async function JobsPage() {
  await requirePagePermission('models.read');
  return (
    <>
      <PageHeader
        title="Jobs"
        subtitle="Training jobs run by workers outside the dashboard: status, progress, logs, cancel and retry."
      />
      <JobsTable />
    </>
  );
}
