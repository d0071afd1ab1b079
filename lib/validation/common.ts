import { z } from 'zod';

/** Shared zod pieces for API inputs. */
export const ZId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -');
export const ZIdParams = z.object({ id: ZId });
export const ZLimit = z.coerce.number().int().min(1).max(500).default(50);
export const ZRole = z.enum(['ADMIN', 'MANAGER', 'ANALYST']);
