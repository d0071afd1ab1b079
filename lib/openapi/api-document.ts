import 'server-only';
import { buildOpenApiDocument, type OpenApiDocument } from './build-document';
import { ROUTE_TABLE } from './route-table';

/** version of the /api/v1 contract (bump on a breaking change) */
export const API_VERSION = '1.0.0';

let cached: OpenApiDocument | null = null;

/** The API document of this build (built once per process from the route handlers' own schemas). */
export function apiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument(ROUTE_TABLE, { version: API_VERSION });
  return cached;
}
