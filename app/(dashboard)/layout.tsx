import { Nav } from '@/components/shell/nav';
import { SECTIONS } from '@/components/shell/sections';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { FormatProvider } from '@/components/ui/format-provider';
import { requirePageContext } from '@/lib/auth/require-page';
import { can, ROLE_LABELS } from '@/lib/rbac';
import { getOrganizationSettings } from '@/lib/settings/organization';

export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requirePageContext();
  const items = SECTIONS.filter((s) => can(ctx.role, s.permission));
  const { locale, currency } = await getOrganizationSettings(ctx.orgId);
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">OfferPilot</div>
        <Nav items={items} />
        <div className="spacer" />
        <div className="small" style={{ padding: '0 0.5rem' }}>
          {ctx.orgName}
        </div>
      </aside>
      <div>
        <header className="topbar">
          <strong data-testid="org-name">{ctx.orgName}</strong>
          <div className="who">
            <a href="/account" data-testid="user-email" title="Your account">
              {ctx.actorLabel}
            </a>
            <span className="badge" data-testid="user-role">
              {ROLE_LABELS[ctx.role]}
            </span>
            <SignOutButton />
          </div>
        </header>
        <main className="content">
          <FormatProvider settings={{ locale, currency }}>{children}</FormatProvider>
        </main>
      </div>
    </div>
  );
}
