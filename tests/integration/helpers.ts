import { NextRequest } from 'next/server';
import { memberContext, type OrgContext } from '@/lib/auth/context';
import { db } from '@/lib/db';
import type { RoleName } from '@/lib/rbac';

/** An OrgContext for a seeded demo organisation acting as its first user of `role`. */
export async function orgContext(slug: 'acme' | 'globex', role: RoleName): Promise<OrgContext> {
  const m = await db.membership.findFirstOrThrow({
    where: { organization: { slug }, role },
    include: { organization: true, user: true },
  });
  return memberContext(m);
}

/** Calls a route handler the way Next does, with a bearer key and optional JSON body. */
export async function call(
  handler: (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>,
  opts: {
    url: string;
    method?: string;
    key?: string;
    json?: unknown;
    params?: Record<string, string>;
    headers?: Record<string, string>;
  },
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.json !== undefined) headers['content-type'] = 'application/json';
  const req = new NextRequest(new URL(opts.url, 'http://localhost'), {
    method: opts.method ?? 'GET',
    headers,
    body: opts.json !== undefined ? JSON.stringify(opts.json) : undefined,
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
