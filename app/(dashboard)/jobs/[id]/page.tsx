import { JobDetail } from '@/components/jobs/job-detail';
import { requirePagePermission } from '@/lib/auth/require-page';
import { can } from '@/lib/rbac';

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePagePermission('models.read');
  const { id } = await params;
  return <JobDetail id={id} canTrain={can(ctx.role, 'models.train')} />;
}
