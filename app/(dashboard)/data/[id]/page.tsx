import { DatasetDetail } from '@/components/data/dataset-detail';
import { requirePagePermission } from '@/lib/auth/require-page';
import { can } from '@/lib/rbac';

export default async function DatasetPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePagePermission('customers.read');
  const { id } = await params;
  return <DatasetDetail id={id} canDelete={can(ctx.role, 'data.delete')} />;
}
