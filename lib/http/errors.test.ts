import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, statusOf } from './errors';

describe('AppError', () => {
  it('maps codes to HTTP statuses', () => {
    expect(
      [
        'validation_failed',
        'unauthenticated',
        'forbidden',
        'not_found',
        'conflict',
        'payload_too_large',
        'unprocessable',
      ].map((c) => statusOf(c as never)),
    ).toEqual([400, 401, 403, 404, 409, 413, 422]);
  });
  it('turns a zod error into a 400 body with the path of each issue', () => {
    const r = z.object({ name: z.string(), n: z.number().int() }).safeParse({ name: 3, n: 1.5 });
    if (r.success) throw new Error('expected failure');
    const e = AppError.fromZod(r.error, 'body');
    expect(e.status).toBe(400);
    expect(e.toBody().error.code).toBe('validation_failed');
    expect(e.toBody().error.issues?.map((i) => i.path.join('.'))).toEqual(['name', 'n']);
    expect(e.message).toMatch(/^Invalid body at name: /);
  });

  it('reports the issues of the union alternative the input looks like, not a bare "Invalid input"', () => {
    const one = z.object({ customerId: z.string() });
    const batch = z.object({ customers: z.array(one).min(1) });
    const r = z.union([batch, one]).safeParse({ customerId: 5 });
    if (r.success) throw new Error('expected failure');
    const e = AppError.fromZod(r.error, 'body');
    expect(e.message).toBe('Invalid body at customerId: Invalid input: expected string, received number');
    const r2 = z.union([batch, one]).safeParse({ customers: [{}] });
    if (r2.success) throw new Error('expected failure');
    expect(
      AppError.fromZod(r2.error, 'body')
        .toBody()
        .error.issues?.map((i) => i.path.join('.')),
    ).toEqual(['customers.0.customerId']);
  });
});
