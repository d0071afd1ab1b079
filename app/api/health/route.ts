import { NextResponse } from 'next/server';
import { checkHealth } from '@/lib/health/check-health';
import { withErrors } from '@/lib/http/with-org';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withErrors(async () => {
  const health = await checkHealth();
  return NextResponse.json(health, { status: health.ok ? 200 : 503 });
});
