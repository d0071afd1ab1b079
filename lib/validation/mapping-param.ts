import { z } from 'zod';

/** A mapping given as a JSON query parameter (validated in full by lib/data/import-mapping.ts). */
export const ZMappingParam = z
  .string()
  .max(8000)
  .transform((s, c) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      c.addIssue({ code: 'custom', message: 'mapping must be JSON' });
      return z.NEVER;
    }
  });
