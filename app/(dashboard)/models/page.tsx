import { ModelsList } from '@/components/models/models-list';
import { TrainForm } from '@/components/models/train-form';
import { PageHeader } from '@/components/ui/page-header';
import { requirePagePermission } from '@/lib/auth/require-page';
import { can } from '@/lib/rbac';

export default async function ModelsPage() {
  const ctx = await requirePagePermission('models.read');
  return (
    <>
      <PageHeader
        title="Models"
        subtitle="Response models trained on your logged offers: metrics, ROC, calibration and lift, side by side."
      />
      {can(ctx.role, 'models.train') && <TrainForm />}
      <ModelsList />
    </>
  );
}
