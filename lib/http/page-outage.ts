import 'server-only';
import { redirect } from 'next/navigation';
import { log } from '../log';
import { isDatabaseUnavailable } from './database-unavailable';

/** Where a server-rendered page sends the browser while PostgreSQL cannot be reached (app/unavailable/route.ts). */
export const UNAVAILABLE_PATH = '/unavailable';

/**
 * For server components: runs `load`; when it fails because the database is unreachable, the details go to the log
 * and the browser is sent to the neutral 503 page instead of Next's generic error page. Other errors pass through.
 */
export async function orUnavailablePage<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    log.error({ err }, 'database unavailable while rendering a page');
    redirect(UNAVAILABLE_PATH);
  }
}
