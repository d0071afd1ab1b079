import 'server-only';
import { redirect } from 'next/navigation';
import { orUnavailablePage } from '../http/page-outage';
import { can, type Permission } from '../rbac';
import type { OrgContext } from './context';
import { contextFromSession } from './resolve-context';

/** For server components: the signed-in context, or a redirect to /login (to the 503 page while the database is down). */
export async function requirePageContext(): Promise<OrgContext> {
  const ctx = await orUnavailablePage(contextFromSession);
  if (!ctx) redirect('/login');
  return ctx;
}

/** For pages that need a permission: a signed-in user without it is sent to /forbidden. */
export async function requirePagePermission(permission: Permission): Promise<OrgContext> {
  const ctx = await requirePageContext();
  if (!can(ctx.role, permission)) redirect(`/forbidden?need=${encodeURIComponent(permission)}`);
  return ctx;
}
