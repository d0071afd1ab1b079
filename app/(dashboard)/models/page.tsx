import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requirePagePermission } from '@/lib/auth/require-page';

export default async function ModelsPage() {
  await requirePagePermission('models.read');
  return (
    <>
      <PageHeader title="Models" subtitle="Trained response models: metrics, ROC, calibration and lift, side by side." />
      <EmptyState title="No model has been trained yet">Training jobs (logistic regression, decision trees, random forests, gradient-boosted trees, a small MLP, with cross-validation and grid search) will register each finished model version here, exported to ONNX.</EmptyState>
    </>
  );
}
