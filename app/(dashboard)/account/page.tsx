import { ChangePasswordForm, SignOutEverywhere } from '@/components/auth/change-password-form';
import { PageHeader } from '@/components/ui/page-header';
import { requirePageContext } from '@/lib/auth/require-page';
import { ROLE_LABELS } from '@/lib/rbac';

export default async function AccountPage() {
  const ctx = await requirePageContext();
  return (
    <>
      <PageHeader title="Your account" subtitle={`${ctx.actorLabel} · ${ROLE_LABELS[ctx.role]} in ${ctx.orgName}`} />
      <ChangePasswordForm />
      <SignOutEverywhere />
    </>
  );
}
