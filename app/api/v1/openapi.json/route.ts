import { NextResponse } from 'next/server';
import { withErrors } from '@/lib/http/with-org';
import { apiDocument } from '@/lib/openapi/api-document';

export const runtime = 'nodejs';

/** The OpenAPI 3.1 document of /api/v1, public (it holds no data), built from the routes' own zod schemas. */
export const GET = withErrors(async () =>
  NextResponse.json(apiDocument(), { headers: { 'Cache-Control': 'public, max-age=300' } }),
);
