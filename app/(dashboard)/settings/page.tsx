import { ApiKeysPanel } from '@/components/settings/api-keys-panel';
import { OrganizationForm } from '@/components/settings/organization-form';
import { PageHeader } from '@/components/ui/page-header';
import { requirePagePermission } from '@/lib/auth/require-page';
import { ROLE_LABELS } from '@/lib/rbac';
import { listMembers } from '@/lib/settings/members';

export default async function SettingsPage() {
  const ctx = await requirePagePermission('settings.manage');
  const members = await listMembers(ctx);
  return (
    <>
      <PageHeader
        title="Settings"
        subtitle="Members, API keys, currency and number format of your organisation (admins only)."
        actions={
          <a className="btn" href="/settings/api">
            API reference
          </a>
        }
      />
      <OrganizationForm />
      <div className="card">
        <h2 style={{ marginTop: 0 }}>Members</h2>
        <table className="table" data-testid="members-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td>{m.user.name}</td>
                <td>{m.user.email}</td>
                <td>{ROLE_LABELS[m.role]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ApiKeysPanel />
    </>
  );
}
