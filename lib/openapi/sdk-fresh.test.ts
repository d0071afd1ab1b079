import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiDocument } from './api-document';

describe('typed client (sdk/)', () => {
  it('is generated from the current API document (run `npm run sdk` after changing a route)', () => {
    const committed = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../sdk/openapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(apiDocument())));
  });
});
