/**
 * Offline simulation of a Thompson-sampling bandit against a fixed even split, on a known response: each
 * "day" `perDay` customers arrive, each gets an arm drawn from the current weights (its probability logged),
 * rewards come from `reward(customer, arm, rng)`, and the allocation is recomputed at the end of the day.
 * Regret uses the TRUE expected reward per arm (`expected`): Σ_t (max_a μ_a − μ_{a_t}); the even split's
 * regret is N · (max μ − mean μ) in expectation, computed the same way from its own draws.
 */
import { Rng } from '../../ml/rng';
import { ipsEstimates, type LoggedDecision } from './ips';
import { type ArmStats, type BanditSettings, drawArm, thompsonAllocation } from './thompson';

export interface SimulationInput {
  arms: string[];
  /** true mean reward of each arm (for regret) */
  expected: number[];
  /** a random customer's reward under `arm` */
  reward: (arm: number, rng: Rng) => number;
  days: number;
  perDay: number;
  settings: BanditSettings;
  seed?: number;
}

export interface SimulationResult {
  /** weights used on each day (day 0 = first day) */
  allocation: number[][];
  /** share of all customers each arm received */
  shares: number[];
  /** share of each arm on the last day */
  finalWeights: number[];
  regret: { bandit: number; evenSplit: number };
  ips: number[];
  snips: number[];
  /** naive per-arm sample means (biased under a drifting allocation only when rewards drift too) */
  naive: number[];
  bestArm: number;
  customers: number;
}

export function simulateBandit(input: SimulationInput): SimulationResult {
  const k = input.arms.length;
  const rng = new Rng(input.seed ?? 1);
  const evenRng = new Rng((input.seed ?? 1) + 7919);
  const stats: ArmStats[] = input.arms.map((name) => ({ name, n: 0, sum: 0, sumSquares: 0 }));
  const log: LoggedDecision[] = [];
  const allocation: number[][] = [];
  const best = Math.max(...input.expected);
  let banditRegret = 0;
  let evenRegret = 0;
  let weights = input.arms.map(() => 1 / k);
  for (let day = 0; day < input.days; day++) {
    allocation.push(weights);
    for (let c = 0; c < input.perDay; c++) {
      const arm = drawArm(weights, rng);
      const y = input.reward(arm, rng);
      log.push({ arm, probability: weights[arm], reward: y });
      stats[arm].n++;
      stats[arm].sum += y;
      stats[arm].sumSquares += y * y;
      banditRegret += best - input.expected[arm];
      evenRegret += best - input.expected[evenRng.int(k)];
    }
    weights = thompsonAllocation(stats, input.settings, rng).weights;
  }
  const N = log.length;
  const { ips, snips } = ipsEstimates(log, k);
  return {
    allocation,
    shares: stats.map((s) => s.n / N),
    finalWeights: allocation[allocation.length - 1],
    regret: { bandit: banditRegret, evenSplit: evenRegret },
    ips,
    snips,
    naive: stats.map((s) => (s.n ? s.sum / s.n : 0)),
    bestArm: input.expected.indexOf(best),
    customers: N,
  };
}
