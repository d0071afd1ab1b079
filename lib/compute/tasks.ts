import { clusterCustomers } from '../segments/cluster-customers';
import { exportPipeline } from '../training/export-model';
import { runFitTask, runUpliftTask } from '../training/fit-task';
import type { PipelineJson } from '../training/pipeline';

/**
 * The tasks compute threads can run: name → a synchronous, framework-free function of (input, abort signal).
 * Inputs and outputs cross threads by structured clone (typed arrays on a SharedArrayBuffer are shared). Add a
 * CPU-bound step of lib code here to run it with `computePool().run(name, input, { signal })`.
 */
export const TASKS = {
  'training.fit': runFitTask,
  'training.uplift': runUpliftTask,
  'training.export': (input: { pipeline: PipelineJson; featureNames: string[]; meta: Record<string, string> }) =>
    exportPipeline(input.pipeline, input.featureNames, input.meta),
  'segments.cluster': clusterCustomers,
} as const;

export type TaskRegistry = typeof TASKS;
export type TaskKind = keyof TaskRegistry;
