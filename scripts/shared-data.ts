import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * A file of the workspace's public data sets (`../shared/data`, never copied into the repository), or null with the
 * reason when it is absent — tests and benches that need it skip and print the reason. Looks beside the checkout and
 * one level further up (git worktrees under a sibling folder).
 */
export function sharedDataFile(name: string, from = process.cwd()): { file: string | null; reason: string } {
  const candidates = [path.resolve(from, '../shared/data', name), path.resolve(from, '../../shared/data', name)];
  const file = candidates.find((c) => existsSync(c)) ?? null;
  return { file, reason: file ? '' : `${name} not found in ${candidates.map((c) => path.dirname(c)).join(' or ')}` };
}
