import { ExperimentResults } from '@/components/experiments/experiment-results';
import { requirePagePermission } from '@/lib/auth/require-page';

export default async function ExperimentPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePagePermission('experiments.read');
  const { id } = await params;
  return <ExperimentResults id={id} />;
}
