import { ApiKeysPanel } from '@/components/settings/api-keys-panel';
import { MembersPanel } from '@/components/settings/members-panel';
import { OrganizationForm } from '@/components/settings/organization-form';
import { SandboxLogPanel } from '@/components/settings/sandbox-log-panel';
import { PageHeader } from '@/components/ui/page-header';
import { requirePagePermission } from '@/lib/auth/require-page';

export default async function SettingsPage() {
  await requirePagePermission('settings.manage');
  return (
    <>
      <PageHeader
        title="Settings"
        subtitle="Members, API keys and their sandbox log, currency and number format of your organisation (admins only)."
        actions={
          <a className="btn" href="/settings/api">
            API reference
          </a>
        }
      />
      <OrganizationForm />
      <MembersPanel />
      <ApiKeysPanel />
      <SandboxLogPanel />
    </>
  );
}
