import 'server-only';
import { type GroupCommitOptions, type GroupCommitter, groupCommit } from './group-commit';
import { type LiveDecision, type SandboxDecisionRow, writeLiveDecisions, writeSandboxDecisions } from './log-decisions';

/**
 * The decision log of this process: offers are group-committed (lib/serving/group-commit.ts) — a request's decisions
 * join the current batch and the request answers once the batch's one multi-row INSERT has committed (at 256 rows
 * or 5 ms after the batch's first row). Live and sandbox decisions are separate batches into their own tables.
 *
 * Frequency caps: a discounted live decision waiting for its batch is not yet in PolicyDecision, so it is kept in
 * a per-process set until its write settles; cap counts add the waiting decisions of the customer and leave them
 * out of the database count (`pendingDiscounted` is read before the count query: a decision committed in between
 * is counted once, from the set). Two requests of one customer in one batch therefore see each other exactly as
 * two requests one after another did when each wrote its own row.
 */
type Settings = Pick<GroupCommitOptions<unknown>, 'maxRows' | 'maxDelayMs' | 'timer'>;

interface DecisionLog {
  live: GroupCommitter<LiveDecision>;
  sandbox: GroupCommitter<SandboxDecisionRow>;
  /** customer id → ids of its discounted live decisions submitted and not yet settled */
  pending: Map<string, Set<string>>;
}

const g = globalThis as unknown as { decisionLog?: DecisionLog };

function build(settings: Settings): DecisionLog {
  return {
    live: groupCommit({ ...settings, write: writeLiveDecisions }),
    sandbox: groupCommit({ ...settings, write: writeSandboxDecisions }),
    pending: g.decisionLog?.pending ?? new Map(),
  };
}

function decisionLog(): DecisionLog {
  g.decisionLog ??= build({});
  return g.decisionLog;
}

/** Replaces the batching settings (tests: a long delay and explicit `flushDecisionLog()`); waiting rows are written first. */
export async function configureDecisionLog(settings: Settings): Promise<void> {
  await flushDecisionLog();
  g.decisionLog = build(settings);
}

/** Writes the waiting batches now and waits for every write in flight. */
export async function flushDecisionLog(): Promise<void> {
  const log = g.decisionLog;
  if (log) await Promise.all([log.live.flush(), log.sandbox.flush()]);
}

/** rows of live decisions waiting for their batch's write to start */
export function waitingLiveDecisions(): number {
  return g.decisionLog?.live.waitingRows() ?? 0;
}

/** Logs a request's live decisions; resolves once they are committed. */
export async function logLiveDecisions(rows: LiveDecision[]): Promise<void> {
  const log = decisionLog();
  const discounted = rows.filter((r) => r.decision.discountPct > 0);
  for (const r of discounted) {
    const ids = log.pending.get(r.decision.customerId) ?? new Set<string>();
    ids.add(r.decision.id);
    log.pending.set(r.decision.customerId, ids);
  }
  try {
    await log.live.submit(rows);
  } finally {
    for (const r of discounted) {
      const ids = log.pending.get(r.decision.customerId);
      ids?.delete(r.decision.id);
      if (ids?.size === 0) log.pending.delete(r.decision.customerId);
    }
  }
}

/** Logs a sandbox key's decisions (SandboxDecision only); resolves once they are committed. */
export function logSandboxDecisionRows(rows: SandboxDecisionRow[]): Promise<void> {
  return decisionLog().sandbox.submit(rows);
}

/** Ids of discounted live decisions of these customers that wait for their batch (this process). */
export function pendingDiscounted(customerIds: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const pending = g.decisionLog?.pending;
  if (!pending?.size) return out;
  for (const id of customerIds) {
    const ids = pending.get(id);
    if (ids?.size) out.set(id, [...ids]);
  }
  return out;
}
