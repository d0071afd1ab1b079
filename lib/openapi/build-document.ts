import { z } from 'zod';
import { ZErrorBody } from '../http/error-schema';
import type { OrgRouteHandler } from '../http/with-org';
import { ROLE_PERMISSIONS, ROLES } from '../rbac';

/**
 * OpenAPI 3.1 from the route handlers themselves: each `withOrg` handler carries the zod schemas it parses
 * with (body, query, path) and its documented response, and zod 4's `z.toJSONSchema` turns them into JSON
 * Schema draft 2020-12, the dialect OpenAPI 3.1 uses. Nothing here is written by hand per route except the
 * summary and examples the route declares.
 */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface RouteModuleEntry {
  /** URL path in OpenAPI form, e.g. `/api/v1/models/{id}` */
  path: string;
  module: Partial<Record<HttpMethod, unknown>>;
}

type JsonSchema = Record<string, unknown>;

const ERROR_STATUSES: Record<string, string> = {
  '400': 'Invalid path, query or body: `issues` lists each problem (path + message)',
  '401': 'No credentials, or an unknown, malformed or revoked API key',
  '403': "The caller's role lacks the permission this operation needs",
  '404': 'Not found in the caller’s organisation',
  '413': 'Body larger than the limit',
  '415': 'Body is not of the expected media type',
  '422': 'Well-formed but cannot be done (e.g. unknown customer, idempotency key reused with another body)',
  '429': 'Rate limit of this API key exceeded: wait `Retry-After` seconds',
};

/** File path of a route module (relative to the repository) → OpenAPI path. */
export function openApiPathOf(routeFile: string): string {
  const dir = routeFile.replace(/^app/, '').replace(/\/route\.tsx?$/, '');
  return dir.replace(/\[([^\]]+)\]/g, '{$1}');
}

export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema;
  return out;
}

function isOrgRoute(v: unknown): v is OrgRouteHandler {
  return typeof v === 'function' && 'spec' in v && typeof (v as OrgRouteHandler).spec === 'object';
}

function rolesWith(permission: string): string[] {
  return ROLES.filter((r) => ROLE_PERMISSIONS[r].has(permission as never));
}

function parametersOf(where: 'path' | 'query', schema: z.ZodType | undefined): JsonSchema[] {
  if (!schema) return [];
  const js = toJsonSchema(schema, 'input');
  const props = (js.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((js.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    schema: s,
  }));
}

function operationOf(method: HttpMethod, path: string, handler: OrgRouteHandler): JsonSchema {
  const { spec } = handler;
  const doc = spec.doc;
  const status = String(doc?.status ?? 200);
  const bodyExample = doc?.example?.request;
  const responseExample = doc?.example?.response;
  const responseContent = doc?.contentType
    ? { [doc.contentType]: { schema: { type: 'string', format: 'binary' } } }
    : {
        'application/json': {
          schema: doc?.response ? toJsonSchema(doc.response, 'output') : { type: 'object' },
          ...(responseExample !== undefined ? { example: responseExample } : {}),
        },
      };
  const errorCodes = ['400', '401', '403', '429'];
  if (path.includes('{')) errorCodes.push('404');
  if (spec.body || doc?.requestContentType) errorCodes.push('413', '415');
  if (method !== 'GET') errorCodes.push('422');
  const responses: Record<string, JsonSchema> = {
    [status]: { description: 'Success', content: responseContent },
  };
  for (const code of errorCodes.sort()) responses[code] = { $ref: `#/components/responses/E${code}` };
  const roles = rolesWith(spec.permission);
  return {
    operationId: operationId(method, path),
    summary: doc?.summary ?? `${method} ${path}`,
    description: [doc?.description, `Permission: \`${spec.permission}\` (roles: ${roles.join(', ') || 'none'}).`]
      .filter(Boolean)
      .join('\n\n'),
    tags: [path.split('/')[3] ?? 'api'],
    'x-permission': spec.permission,
    'x-roles': roles,
    parameters: [
      ...parametersOf('path', spec.params),
      ...parametersOf('query', spec.query),
      ...(spec.idempotent
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description:
                'Makes retries safe: the same key with the same body answers the first answer again (header ' +
                '`Idempotent-Replayed: true`) without counting twice; with another body, 422. Kept 24 hours.',
              schema: { type: 'string', minLength: 1, maxLength: 255 },
            },
          ]
        : []),
      ...(doc?.headers ?? []).map((h) => ({
        name: h.name,
        in: 'header',
        required: h.required ?? false,
        description: h.description,
        schema: { type: 'string' },
      })),
    ],
    ...(spec.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: toJsonSchema(spec.body, 'input'),
                ...(bodyExample !== undefined ? { example: bodyExample } : {}),
              },
            },
          },
        }
      : doc?.requestContentType
        ? {
            requestBody: {
              required: true,
              content: { [doc.requestContentType]: { schema: { type: 'string', format: 'binary' } } },
            },
          }
        : {}),
    responses,
    security: [{ apiKey: [] }, { session: [] }],
  };
}

/** `POST /api/v1/models/{id}/activate` → `postModelsIdActivate` */
export function operationId(method: HttpMethod, path: string): string {
  const words = path
    .replace(/^\/api\/v1\//, '')
    .split(/[/{}.-]+/)
    .filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

export function buildOpenApiDocument(routes: RouteModuleEntry[], opts: { version: string; serverUrl?: string }) {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const { path, module } of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
    for (const method of HTTP_METHODS) {
      const handler = module[method];
      if (!isOrgRoute(handler)) continue;
      paths[path] ??= {};
      paths[path][method.toLowerCase()] = operationOf(method, path, handler);
    }
  }
  paths['/api/v1/openapi.json'] = {
    get: {
      operationId: 'getOpenapiJson',
      summary: 'This document (OpenAPI 3.1); public',
      tags: ['openapi.json'],
      security: [],
      responses: { '200': { description: 'The API document', content: { 'application/json': { schema: {} } } } },
    },
  };
  const errorSchema = toJsonSchema(ZErrorBody, 'output');
  const errorResponses = Object.fromEntries(
    Object.entries(ERROR_STATUSES).map(([code, description]) => [
      `E${code}`,
      { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'OfferPilot API',
      version: opts.version,
      description:
        'Decide which discount each customer gets, log the decision, and attribute purchases to it. ' +
        'Authenticate with `Authorization: Bearer op_…` (an API key an admin creates in Settings). Every error ' +
        'answers `{ "error": { "code", "message", "issues"? } }`.',
    },
    servers: [{ url: opts.serverUrl ?? '/' }],
    paths,
    components: {
      schemas: { Error: errorSchema },
      responses: errorResponses,
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: `op_<prefix>_<secret>`' },
        session: { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token' },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
