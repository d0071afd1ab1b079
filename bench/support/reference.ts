import { spawnSync } from 'node:child_process';

/** Shared by the benchmarks that compare against scikit-learn (Debian's python3-sklearn; nothing is installed here). */
export function findSklearnPython(): string {
  for (const exe of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(exe, ['-c', 'import sklearn'], { encoding: 'utf8' });
    if (r.status === 0) return exe;
  }
  throw new Error('no python3 with scikit-learn found (apt-get install -y python3-sklearn)');
}

export function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
