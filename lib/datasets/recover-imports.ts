import 'server-only';
import { log } from '../log';
import { failInterruptedImports } from './run-import';

/** Called by the instrumentation hook at server start; never stops the server from starting. */
export async function recoverInterruptedImports(): Promise<void> {
  try {
    const n = await failInterruptedImports();
    if (n) log.warn({ interrupted: n }, 'imports interrupted by the last stop marked failed');
  } catch (err) {
    log.error({ err }, 'could not recover interrupted imports');
  }
}
