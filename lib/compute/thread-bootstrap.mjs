// Entry of every compute thread: loads the real (TypeScript) entry through tsx in this thread. Plain JavaScript,
// so that it starts under any parent (tsx, vitest, plain node).
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
