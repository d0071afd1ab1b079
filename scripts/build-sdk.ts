/**
 * `npm run sdk`: writes the OpenAPI document of this code to sdk/openapi.json and generates sdk/schema.d.ts from
 * it with openapi-typescript (sdk/package.json pins it with the TypeScript 5 it needs). sdk/client.ts wraps
 * openapi-fetch (no dependencies of its own) with those types. lib/openapi/sdk-fresh.test.ts fails when the
 * committed document is stale.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { apiDocument } from '../lib/openapi/api-document';

const root = path.resolve(import.meta.dirname, '..');
const docFile = path.join(root, 'sdk/openapi.json');
writeFileSync(docFile, `${JSON.stringify(apiDocument(), null, 2)}\n`);
execFileSync(
  path.join(root, 'sdk/node_modules/.bin/openapi-typescript'),
  [docFile, '--output', path.join(root, 'sdk/schema.d.ts')],
  { stdio: 'inherit' },
);
// in the project's one format, so a regenerated client diffs only where the API changed
execFileSync(path.join(root, 'node_modules/.bin/biome'), ['format', '--write', 'sdk/schema.d.ts'], {
  cwd: root,
  stdio: 'inherit',
});
console.log('sdk/openapi.json and sdk/schema.d.ts written');
