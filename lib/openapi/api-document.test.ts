import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OrgRouteHandler } from '../http/with-org';
import { apiDocument } from './api-document';
import { HTTP_METHODS, openApiPathOf, operationId } from './build-document';
import { ROUTE_TABLE } from './route-table';

const ROOT = path.resolve(import.meta.dirname, '../..');

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === 'route.ts' ? [path.relative(ROOT, full)] : [];
  });
}

type Json = any;
const doc = apiDocument() as Json;

describe('OpenAPI document of /api/v1', () => {
  it('has every method of every route file under app/api/v1 (a new route without an entry fails here)', async () => {
    const files = routeFiles(path.join(ROOT, 'app/api/v1'));
    expect(files.length).toBeGreaterThanOrEqual(40);
    const missing: string[] = [];
    for (const file of files) {
      const mod = await import(path.join(ROOT, file));
      const p = openApiPathOf(file);
      for (const m of HTTP_METHODS) if (mod[m] && !doc.paths[p]?.[m.toLowerCase()]) missing.push(`${m} ${p}`);
    }
    expect(missing).toEqual([]);
    // and the table names no route that does not exist
    const filePaths = new Set(files.map(openApiPathOf));
    expect(ROUTE_TABLE.map((r) => r.path).filter((p) => !filePaths.has(p))).toEqual([]);
  });

  it('maps file paths and operation ids', () => {
    expect(openApiPathOf('app/api/v1/models/[id]/explain/customer/route.ts')).toBe(
      '/api/v1/models/{id}/explain/customer',
    );
    expect(operationId('POST', '/api/v1/policies/versions/{id}/actions')).toBe('postPoliciesVersionsIdActions');
    expect(operationId('GET', '/api/v1/openapi.json')).toBe('getOpenapiJson');
  });

  it('describes POST /api/v1/offers from the zod schemas the route parses with', () => {
    const op = doc.paths['/api/v1/offers'].post;
    expect(doc.openapi).toBe('3.1.0');
    expect(op['x-permission']).toBe('serving.score');
    expect(op['x-roles']).toEqual(['ADMIN', 'MANAGER', 'ANALYST']);
    // one customer, or a batch of up to 1,000
    const [batch, body] = op.requestBody.content['application/json'].schema.anyOf;
    expect(body.required).toEqual(['customerId']);
    expect(body.properties.customerId).toMatchObject({ type: 'string', minLength: 1, maxLength: 64 });
    expect(batch.required).toEqual(['customers']);
    expect(batch.properties.customers).toMatchObject({ type: 'array', minItems: 1, maxItems: 1000 });
    expect(batch.properties.customers.items.required).toEqual(['customerId']);
    const [ok, many] = op.responses['200'].content['application/json'].schema.anyOf;
    expect(ok.required).toContain('decisionId');
    expect(ok.properties.discountPct.type).toBe('number');
    expect(many.properties.decisions.items.anyOf[1].required).toEqual(['customerId', 'error']);
    for (const code of ['400', '401', '403', '413', '422', '429'])
      expect(op.responses[code]).toEqual({ $ref: `#/components/responses/E${code}` });
    expect(op.responses['404']).toBeUndefined(); // no path parameter
    expect(op.parameters.map((p: Json) => [p.name, p.in, p.required])).toEqual([['Idempotency-Key', 'header', false]]);
    expect(doc.paths['/api/v1/score'].post.parameters).toEqual([]);
    expect(doc.components.schemas.Error.properties.error.required).toEqual(['code', 'message']);
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toContain('rate_limited');
  });

  it('gives path and query parameters, permissions and non-JSON media types', () => {
    const results = doc.paths['/api/v1/experiments/{id}/results'].get;
    expect(results.parameters.map((p: Json) => [p.name, p.in, p.required])).toEqual([
      ['id', 'path', true],
      ['sequential', 'query', false],
      ['method', 'query', false],
      ['cuped', 'query', false],
      ['alpha', 'query', false],
      ['mdePct', 'query', false],
    ]);
    expect(results['x-permission']).toBe('experiments.read');
    expect(results.responses['404']).toEqual({ $ref: '#/components/responses/E404' });
    expect(doc.paths['/api/v1/api-keys'].post['x-roles']).toEqual(['ADMIN']);
    expect(Object.keys(doc.paths['/api/v1/api-keys'].post.responses)).toContain('201');
    expect(doc.paths['/api/v1/datasets'].post.requestBody.content).toHaveProperty('text/csv');
    expect(doc.paths['/api/v1/models/{id}/onnx'].get.responses['200'].content).toHaveProperty(
      'application/octet-stream',
    );
    expect(doc.paths['/api/v1/openapi.json'].get.security).toEqual([]);
  });

  it('has a summary on every operation, unique operation ids, and examples that the route’s own schemas accept', () => {
    const ids = new Set<string>();
    for (const { path: p, module } of ROUTE_TABLE) {
      for (const m of HTTP_METHODS) {
        const h = module[m] as OrgRouteHandler | undefined;
        if (!h) continue;
        const op = doc.paths[p][m.toLowerCase()];
        expect(op.summary, `${m} ${p}`).not.toBe(`${m} ${p}`);
        expect(ids.has(op.operationId)).toBe(false);
        ids.add(op.operationId);
        const ex = h.spec.doc?.example;
        if (ex?.request !== undefined) expect(h.spec.body?.safeParse(ex.request).success, `${m} ${p}`).toBe(true);
        if (ex?.response !== undefined)
          expect(h.spec.doc?.response?.safeParse(ex.response).success, `${m} ${p}`).toBe(true);
      }
    }
    expect(ids.size).toBeGreaterThanOrEqual(44);
  });
});
