import { z } from 'zod';

/** The one error body as a zod schema, for the API document (lib/openapi) and clients. */
export const ZErrorBody = z
  .object({
    error: z.object({
      code: z.enum([
        'validation_failed',
        'unauthenticated',
        'forbidden',
        'not_found',
        'conflict',
        'payload_too_large',
        'unsupported_media_type',
        'unprocessable',
        'rate_limited',
        'unavailable',
        'internal',
      ]),
      message: z.string(),
      issues: z
        .array(
          z.object({
            path: z.array(z.union([z.string(), z.number()])),
            message: z.string(),
            code: z.string().optional(),
          }),
        )
        .optional(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({
    examples: [{ error: { code: 'not_found', message: 'Customer AC99999 not found' } }],
  });
