import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toJsonSchema } from './build-document';
import { schemaForms, schemaRows } from './schema-rows';

describe('schemaRows', () => {
  it('lists each field of a zod schema with its type, optionality and constraints', () => {
    const schema = z.object({
      events: z
        .array(
          z.object({
            customerId: z.string().min(1).max(64),
            type: z.enum(['view', 'purchase']),
            price: z.number().nonnegative().max(1e7).optional(),
            quantity: z.number().int().min(1).default(1),
          }),
        )
        .min(1)
        .max(1000),
    });
    expect(schemaRows(toJsonSchema(schema, 'input'))).toEqual([
      { path: 'events', type: 'object[]', required: true, constraints: 'items ≥ 1, items ≤ 1000', description: '' },
      {
        path: 'events[].customerId',
        type: 'string',
        required: true,
        constraints: 'length ≥ 1, length ≤ 64',
        description: '',
      },
      { path: 'events[].type', type: '"view" | "purchase"', required: true, constraints: '', description: '' },
      { path: 'events[].price', type: 'number', required: false, constraints: '≥ 0, ≤ 10000000', description: '' },
      {
        path: 'events[].quantity',
        type: 'integer',
        required: false,
        constraints: '≥ 1, ≤ 9007199254740991, default 1',
        description: '',
      },
    ]);
  });
});

describe('schemaForms', () => {
  it('gives each object form of a union body, and nothing for a plain object or a union of scalars', () => {
    const single = { type: 'object', properties: { customerId: { type: 'string' } }, required: ['customerId'] };
    const batch = {
      type: 'object',
      properties: { customers: { type: 'array', items: single, maxItems: 1000 } },
      required: ['customers'],
    };
    expect(schemaForms({ anyOf: [single, batch] })).toEqual([single, batch]);
    expect(schemaForms({ oneOf: [single, batch] })).toEqual([single, batch]);
    expect(schemaForms(single)).toBeNull();
    expect(schemaForms({ anyOf: [{ type: 'string' }, { type: 'number' }] })).toBeNull();
    expect(schemaRows(batch).map((r) => r.path)).toEqual(['customers', 'customers[].customerId']);
  });
});
