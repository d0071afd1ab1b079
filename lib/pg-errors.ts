import { log } from './log';

/**
 * An idle pooled connection that the server closes (a restart, `pg_terminate_backend`, a dropped test database,
 * the embedded server stopping at the end of `npm run demo`) emits 'error' on its pool. The pool already discards
 * that connection and opens a new one on the next query, so it is worth one log line, never an unhandled 'error'
 * event that kills the process with a stack dump.
 */
export function logIdleConnectionError(err: Error): void {
  const code = (err as { code?: string }).code;
  log.warn({ code, message: err.message }, 'database connection closed by the server; the pool will reconnect');
}
