import { murmur3x86_32 } from '../experiments/murmur3';
import { LaplacePosterior } from '../ml/laplace-posterior';
import { LogisticRegression } from '../ml/logistic-regression';
import { matrix } from '../ml/matrix';
import { Rng } from '../ml/rng';
import { ModelPipeline } from '../training/pipeline';
import { contextualThompson } from './math/contextual-thompson';
import { contextualLevels, type PolicyRules } from './rules';

/**
 * The contextual policy mode (issue 16 item 3), pure: what serving and offline evaluation both compute for one
 * customer, so the two agree by construction.
 *
 * The model is a logistic-regression version whose pipeline carries the Hessian H of its penalised fit on the
 * training rows (stored at training, lib/training/pipeline.ts); its posterior is N(θ̂, H⁻¹) over the coefficients
 * of the encoded, standardised design (lib/ml/laplace-posterior.ts). A customer's raw model input at each level
 * (the same rows the served ONNX model scores) goes through the pipeline's encoder and scaler; Thompson sampling
 * with CONTEXTUAL_DRAWS joint posterior draws, seeded by (model version, customer), gives the customer's
 * probability of each level with the floor (lib/policies/math/contextual-thompson.ts) — a fixed function of the
 * customer and the model, so offline evaluation knows the propensities the mode would log. The level itself is
 * drawn with one uniform seeded by the decision id (a replay of the decision draws the same level).
 */
export const CONTEXTUAL_DRAWS = 400;

type ContextualRules = Extract<PolicyRules, { mode: 'contextual' }>;

/** Why a model version cannot back a contextual policy, or null when it can. */
export function contextualModelProblem(m: {
  name: string;
  version: number;
  algorithm: string;
  modelJson: unknown;
}): string | null {
  if (m.algorithm !== 'logistic-regression')
    return `A contextual policy samples a logistic model's posterior: ${m.name} v${m.version} is ${m.algorithm}; pick a logistic-regression version`;
  const h = (m.modelJson as { laplaceHessian?: unknown } | null)?.laplaceHessian;
  if (!Array.isArray(h) || h.length === 0)
    return `${m.name} v${m.version} was trained before model posteriors were stored; retrain this model to use it in a contextual policy`;
  return null;
}

export interface ContextualModel {
  pipeline: ModelPipeline;
  posterior: LaplacePosterior;
}

/** The pipeline and Laplace posterior of a stored logistic-regression version's modelJson. */
export function contextualModel(modelJson: unknown): ContextualModel {
  const pipeline = ModelPipeline.fromJSON(modelJson);
  if (!(pipeline.model instanceof LogisticRegression) || !pipeline.laplaceHessian)
    throw new RangeError('contextualModel: needs a logistic regression stored with its Hessian');
  const lr = pipeline.model;
  const k = Math.round(Math.sqrt(pipeline.laplaceHessian.length));
  const mean = [...lr.coefficients];
  if (k > mean.length) mean.push(lr.intercept);
  return { pipeline, posterior: new LaplacePosterior(mean, pipeline.laplaceHessian) };
}

/** Seed of a customer's posterior draws: murmur3 of "modelVersionId:customerId" (internal customer id). */
export function contextualCustomerSeed(modelVersionId: string, customerId: string): number {
  return murmur3x86_32(`${modelVersionId}:${customerId}`);
}

/** The decision's uniform in [0, 1): the first draw of an Rng seeded by murmur3 of the decision id. */
export function decisionUniform(decisionId: string): number {
  return new Rng(murmur3x86_32(decisionId)).next();
}

/**
 * One customer's probability of each eligible level (contextualLevels order). `raw`: the customer's raw model
 * input at each eligible level, row after row (levels × width).
 */
export function contextualProbabilities(
  rules: ContextualRules,
  model: ContextualModel,
  raw: ArrayLike<number>,
  width: number,
  seed: number,
): number[] {
  const levels = contextualLevels(rules);
  if (raw.length !== levels.length * width) throw new RangeError('contextualProbabilities: one raw row per level');
  const design = model.pipeline.design(matrix(Array.from(raw), levels.length, width));
  const rows = levels.map((_, i) => Array.from(design.data.subarray(i * design.cols, (i + 1) * design.cols)));
  return contextualThompson(
    {
      levels,
      rows,
      posterior: model.posterior,
      orderValue: rules.orderValue,
      marginPct: rules.marginPct,
      floor: rules.floorPct / 100,
      draws: CONTEXTUAL_DRAWS,
    },
    new Rng(seed),
  ).probabilities;
}
