/**
 * Next.js start-up hook (runs once per server process, on `next start`, `next dev` and the demo alike): imports
 * left IMPORTING by a stopped process are marked failed with a message and their upload files removed, so the
 * same file can be uploaded again (issue 15.3). NEXT_RUNTIME is set by Next itself, not by the operator.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { recoverInterruptedImports } = await import('./lib/datasets/recover-imports');
  await recoverInterruptedImports();
}
