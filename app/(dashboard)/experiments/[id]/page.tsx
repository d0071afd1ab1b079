import { BanditResults } from '@/components/experiments/bandit-results';
import { ExperimentResults } from '@/components/experiments/experiment-results';
import { requirePagePermission } from '@/lib/auth/require-page';
import { getExperiment } from '@/lib/experiments/experiment-store';
import { can } from '@/lib/rbac';

export default async function ExperimentPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePagePermission('experiments.read');
  const { id } = await params;
  const e = await getExperiment(ctx, id).catch(() => null);
  if (e?.type === 'BANDIT') return <BanditResults id={id} canReallocate={can(ctx.role, 'experiments.approve')} />;
  return <ExperimentResults id={id} />;
}
