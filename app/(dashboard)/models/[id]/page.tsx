import { ModelDetail } from '@/components/models/model-detail';
import { requirePagePermission } from '@/lib/auth/require-page';
import { can } from '@/lib/rbac';

export default async function ModelPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePagePermission('models.read');
  const { id } = await params;
  return (
    <ModelDetail id={id} canPromote={can(ctx.role, 'models.promote')} canActivate={can(ctx.role, 'models.activate')} />
  );
}
