import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * A file of the workspace's shared public data sets (`../shared/data` beside the checkout; a worktree one level
 * deeper finds it too), or null with the reason, so tests that need it can skip saying why.
 */
export function sharedDataFile(name: string): { file: string | null; reason: string } {
  const tried: string[] = [];
  for (const up of ['..', '../..']) {
    const file = path.resolve(process.cwd(), up, 'shared/data', name);
    if (existsSync(file)) return { file, reason: '' };
    tried.push(file);
  }
  return { file: null, reason: `skipped: ${name} not found (looked for ${tried.join(', ')})` };
}
