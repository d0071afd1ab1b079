/**
 * Throughput of the demo data generator (lib/data/demo-generator.ts).
 * Run: npx tsx bench/demo-generator.ts [scale]   (default scale 1; try 10)
 * Baseline, measured in the same run: a plain loop creating the same number of empty objects (the floor
 * cost of producing that many rows at all). Also reports CSV serialisation and peak heap while streaming.
 */
import { createDemoGenerator, toCsvChunks } from '../lib/data/demo-generator';

const scale = Number(process.argv[2] ?? 1);
const g = createDemoGenerator({ scale });
let peakHeap = 0;
const sampleHeap = () => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, (performance.now() - t0) / 1000];
}

// warm-up (JIT) on a small generator
for (const _ of createDemoGenerator({ customers: 300 }).events()) void _;

const [events, evSec] = time(() => {
  let n = 0;
  for (const _ of g.events()) {
    if ((++n & 0xffff) === 0) sampleHeap();
  }
  return n;
});
const [exposures, exSec] = time(() => {
  let n = 0;
  for (const _ of g.exposures()) n++;
  return n;
});
const [customers, cuSec] = time(() => {
  let n = 0;
  for (const _ of g.customers()) n++;
  return n;
});
const sink: object[] = new Array(1);
const [, baseSec] = time(() => {
  for (let i = 0; i < events; i++) sink[0] = {};
});
const [csvBytes, csvSec] = time(() => {
  let b = 0;
  for (const c of toCsvChunks('events', g.events())) {
    b += c.length;
    sampleHeap();
  }
  return b;
});

const rate = (n: number, s: number) => `${(n / s / 1e6).toFixed(2)} M rows/s`;
console.log(`demo generator, scale ${scale}: ${customers} customers, ${events} events, ${exposures} exposures`);
console.log(`events     ${evSec.toFixed(3)} s  ${rate(events, evSec)}`);
console.log(`exposures  ${exSec.toFixed(3)} s  ${rate(exposures, exSec)}`);
console.log(`customers  ${cuSec.toFixed(3)} s  ${rate(customers, cuSec)}`);
console.log(`baseline   ${baseSec.toFixed(3)} s  ${rate(events, baseSec)}  (${events} empty objects in a plain loop)`);
console.log(`ratio events/baseline time: ${(evSec / baseSec).toFixed(1)}×`);
console.log(`events CSV ${csvSec.toFixed(3)} s  ${rate(events, csvSec)}  ${(csvBytes / 1e6).toFixed(1)} MB`);
console.log(`peak heap while streaming: ${(peakHeap / 1e6).toFixed(0)} MB`);
