import 'server-only';
import { type NextRequest, NextResponse } from 'next/server';
import type { z } from 'zod';
import type { OrgContext } from '../auth/context';
import { assertPermission, contextFromApiKey, contextFromSession } from '../auth/resolve-context';
import { env } from '../env';
import { log } from '../log';
import type { Permission } from '../rbac';
import { findUnsafeText } from '../validation/unsafe-text';
import { isDatabaseUnavailable } from './database-unavailable';
import { AppError } from './errors';
import { idempotently } from './idempotency';
import { rateLimitHeaders } from './rate-limit';
import { assertSameOrigin, mediaType } from './same-origin';

/**
 * The one wrapper of every API route handler: authenticates (API key bearer token, else session cookie),
 * checks the declared permission, parses params / query / JSON body with zod, and maps every thrown error to
 * the one error shape. Handlers receive typed input and an OrgContext and call one lib function.
 */
type Schema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteSpec<B extends Schema | undefined, Q extends Schema | undefined, P extends Schema | undefined> {
  permission: Permission;
  body?: B;
  query?: Q;
  params?: P;
  /** honour an `Idempotency-Key` header: retries get the first answer back (lib/http/idempotency.ts) */
  idempotent?: boolean;
  /**
   * this write operation accepts sandbox (test-mode) API keys and keeps live data unchanged for them (offers,
   * events, score); every other write refuses them with 403. Reads (GET) accept them always.
   */
  sandbox?: boolean;
  /** largest JSON body accepted, bytes (default 1 MiB) */
  maxBodyBytes?: number;
  /** what the OpenAPI document says of this operation (lib/openapi): summary, response schema, examples */
  doc?: RouteDoc;
}

export interface RouteDoc {
  summary: string;
  description?: string;
  /** schema of the success body (JSON unless `contentType` says otherwise) */
  response?: z.ZodType;
  /** success status (default 200) */
  status?: number;
  /** media type of a non-JSON success body (e.g. text/csv) */
  contentType?: string;
  /** media type of a non-JSON request body */
  requestContentType?: string;
  /** headers the operation reads, besides Authorization */
  headers?: { name: string; description: string; required?: boolean }[];
  example?: { request?: unknown; response?: unknown };
}

/** A route handler with the spec it was declared with, so the API document is built from the same schemas. */
export type OrgRouteHandler = ((req: NextRequest, routeCtx: RouteContext) => Promise<Response>) & {
  spec: RouteSpec<Schema | undefined, Schema | undefined, Schema | undefined>;
};

export interface HandlerInput<B, Q, P> {
  ctx: OrgContext;
  body: B;
  query: Q;
  params: P;
  req: NextRequest;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function withOrg<
  B extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  P extends Schema | undefined = undefined,
>(
  spec: RouteSpec<B, Q, P>,
  handler: (input: HandlerInput<Infer<B>, Infer<Q>, Infer<P>>) => Promise<Response | unknown>,
): OrgRouteHandler {
  const route = async (req: NextRequest, routeCtx: RouteContext): Promise<Response> => {
    try {
      const keyCtx = await contextFromApiKey(req.headers.get('authorization'));
      // cookie-authenticated state changes must come from this app's own pages (CSRF); API keys are exempt
      if (!keyCtx) assertSameOrigin(req.method, req.headers, allowedOrigins(req));
      const ctx = keyCtx ?? (await contextFromSession());
      if (!ctx) throw new AppError('unauthenticated', 'Sign in or send an API key as "Authorization: Bearer <key>"');
      const limitHeaders = rateLimitHeaders(ctx);
      assertPermission(ctx, spec.permission);
      if (ctx.sandbox && !spec.sandbox && req.method !== 'GET' && req.method !== 'HEAD')
        throw new AppError(
          'forbidden',
          'A test (sandbox) API key can read, ask for offers, score and post events, and changes no live data; use a live key for this',
        );
      const params = spec.params
        ? parseWith(
            spec.params,
            assertStorableText((await routeCtx.params) ?? {}, 'path parameters'),
            'path parameters',
          )
        : undefined;
      const rawQuery = assertStorableText(Object.fromEntries(req.nextUrl.searchParams), 'query');
      const query = spec.query ? parseWith(spec.query, rawQuery, 'query') : undefined;
      const raw = spec.body ? assertStorableText(await readJson(req, spec.maxBodyBytes ?? 1 << 20), 'body') : undefined;
      const body = spec.body ? parseWith(spec.body, raw, 'body') : undefined;
      const answer = async () => {
        const out = await handler({ ctx, body, query, params, req } as HandlerInput<Infer<B>, Infer<Q>, Infer<P>>);
        return out instanceof Response ? out : NextResponse.json(out);
      };
      // a sandbox request never replays a live answer (nor the reverse): the same key with the other mode is a 422
      const path = ctx.sandbox ? `${req.nextUrl.pathname} (sandbox)` : req.nextUrl.pathname;
      const request = { method: req.method, path, headers: req.headers, body: raw };
      const res = spec.idempotent ? await idempotently(ctx.orgId, request, answer) : await answer();
      for (const [k, v] of Object.entries(limitHeaders ?? {})) res.headers.set(k, v);
      return res;
    } catch (err) {
      return errorResponse(err, req);
    }
  };
  return Object.assign(route, { spec: spec as OrgRouteHandler['spec'] });
}

/** Handler wrapper for routes that need no organisation (health). Still maps errors to the one shape. */
export function withErrors(handler: (req: NextRequest) => Promise<Response>) {
  return async (req: NextRequest): Promise<Response> => {
    try {
      return await handler(req);
    } catch (err) {
      return errorResponse(err, req);
    }
  };
}

export function errorResponse(err: unknown, req?: NextRequest): Response {
  if (err instanceof AppError) return NextResponse.json(err.toBody(), { status: err.status, headers: err.headers });
  if (isDatabaseUnavailable(err)) {
    // host, port and driver text stay in the log: callers (even unauthenticated ones) learn only that we are down
    log.error({ err, path: req?.nextUrl.pathname }, 'database unavailable');
    const e = new AppError('unavailable', 'The service is temporarily unavailable; try again in a moment');
    return NextResponse.json(e.toBody(), { status: e.status, headers: { 'Retry-After': '5' } });
  }
  log.error({ err, path: req?.nextUrl.pathname }, 'unhandled error in route');
  const e = new AppError('internal', 'Something went wrong on our side; the error was logged');
  return NextResponse.json(e.toBody(), { status: e.status });
}

/** NUL and lone surrogates anywhere in the input: 400 naming the field, before any lib code or database sees them. */
function assertStorableText<T>(value: T, where: string): T {
  const path = findUnsafeText(value);
  if (!path) return value;
  const at = path.length ? ` at ${path.join('.')}` : '';
  throw new AppError(
    'validation_failed',
    `Invalid ${where}${at}: contains a NUL character or a lone surrogate (not valid text)`,
    [{ path, message: 'contains a NUL character or a lone surrogate', code: 'bad_encoding' }],
  );
}

/** This app's origins: the one the request was addressed to, and NEXTAUTH_URL's when set (behind a proxy). */
function allowedOrigins(req: NextRequest): string[] {
  const configured = env().NEXTAUTH_URL;
  return configured ? [req.nextUrl.origin, new URL(configured).origin] : [req.nextUrl.origin];
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw AppError.fromZod(r.error, where);
  return r.data;
}

async function readJson(req: NextRequest, maxBytes: number): Promise<unknown> {
  if (mediaType(req.headers.get('content-type')) !== 'application/json')
    throw new AppError('unsupported_media_type', 'Send the body as application/json');
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new AppError('payload_too_large', `Body larger than ${maxBytes} bytes`);
  // bytes are counted as they arrive: a chunked body without Content-Length is refused at the limit, not after it
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new AppError('payload_too_large', `Body larger than ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('validation_failed', 'Body is not valid JSON');
  }
}
