import { PoliciesBoard } from '@/components/policies/policies-board';
import { PageHeader } from '@/components/ui/page-header';
import { requirePagePermission } from '@/lib/auth/require-page';
import { can } from '@/lib/rbac';

export default async function PoliciesPage() {
  const ctx = await requirePagePermission('org.read');
  const r = ctx.role;
  return (
    <>
      <PageHeader
        title="Policies"
        subtitle="Managers draft and submit; admins approve (never their own), roll out to a share of traffic, pause and roll back. Every step is audited."
      />
      <PoliciesBoard
        can={{
          draft: can(r, 'policies.draft'),
          submit: can(r, 'policies.submit'),
          approve: can(r, 'policies.approve'),
          rollout: can(r, 'policies.rollout'),
          audit: can(r, 'audit.read'),
          recompute: can(r, 'models.train'),
          verifyAudit: can(r, 'audit.verify'),
        }}
      />
    </>
  );
}
