/**
 * `npm run bench`: the quick benchmark set, a few minutes on a quiet 2-core machine. Runs each benchmark as its own
 * process (output streamed), then writes bench/out/summary.json (git-ignored): per benchmark the command, its
 * wall time, the machine load around it, its exit status and its printed figures (the GBDT comparison also as
 * structured JSON). For the full set run the scripts one by one (see each file's header), e.g.
 * `npx tsx bench/gbdt-vs-sklearn.ts` for 50k/200k/800k rows.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { machineLoad, sampleCpu } from './support/machine-load';

const here = import.meta.dirname;
const out = path.join(here, 'out');
const gbdtJson = path.join(out, 'gbdt-quick.json');
const QUICK: { name: string; args: string[] }[] = [
  {
    name: 'gbdt-vs-sklearn',
    args: ['bench/gbdt-vs-sklearn.ts', '--sizes', '50000', '--reps', '3', '--json', gbdtJson],
  },
  { name: 'policy-math', args: ['bench/policy-math.ts'] },
];

function main(): void {
  mkdirSync(out, { recursive: true });
  const results = QUICK.map(({ name, args }) => {
    console.log(`\n### ${name}: npx tsx ${args.join(' ')}`);
    const before = sampleCpu(),
      t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', ...args], {
      cwd: path.join(here, '..'),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 26,
    });
    const wallSeconds = (performance.now() - t0) / 1000;
    process.stdout.write(r.stdout ?? '');
    const load = machineLoad(before, sampleCpu(), 0, wallSeconds);
    return {
      name,
      command: `npx tsx ${args.join(' ')}`,
      status: r.status,
      wallSeconds,
      load1AtStart: load.load1,
      machineBusyCores: load.busyCores,
      output: (r.stdout ?? '').trim().split('\n'),
    };
  });
  const summary = {
    startedBy: 'npm run bench',
    results,
    gbdt: existsSync(gbdtJson) ? JSON.parse(readFileSync(gbdtJson, 'utf8')) : null,
  };
  const file = path.join(out, 'summary.json');
  writeFileSync(file, JSON.stringify(summary, null, 2));
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
  if (results.some((r) => r.status !== 0)) process.exitCode = 1;
}

main();
