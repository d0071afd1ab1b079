import pino from 'pino';
import { logLevel } from './env';

/** Structured JSON logs (pino). Child loggers carry request/job context. */
export const log = pino({
  level: logLevel(),
  base: { app: 'offerpilot' },
  redact: ['password', 'passwordHash', '*.password', 'headers.authorization', 'apiKey'],
});
