import { DatasetDetail } from '@/components/data/dataset-detail';
import { requirePagePermission } from '@/lib/auth/require-page';

export default async function DatasetPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePagePermission('customers.read');
  const { id } = await params;
  return <DatasetDetail id={id} />;
}
