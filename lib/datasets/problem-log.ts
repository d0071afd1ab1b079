import type { RowError } from '../data/csv-format';

/**
 * Problems of one import: every one counted per severity, column and code; the first `cap` of each severity kept
 * in full (with the original row) for the downloadable report, later ones only counted. Pure.
 */
export type Severity = 'error' | 'warning' | 'duplicate';

export interface StoredProblem extends RowError {
  severity: Severity;
  raw: string | null;
}

export interface ProblemCount {
  severity: Severity;
  column: string;
  code: string;
  count: number;
  /** first message seen for this column and code */
  example: string;
}

export class ProblemLog {
  private readonly counts = new Map<string, ProblemCount>();
  private readonly kept: Record<Severity, number> = { error: 0, warning: 0, duplicate: 0 };
  private queue: StoredProblem[] = [];

  constructor(private readonly cap: number) {}

  /** Counts a problem; returns it when it is stored in full, null when over the cap. */
  add(severity: Severity, e: RowError, raw: string | null = null): StoredProblem | null {
    const key = `${severity}\u0001${e.column}\u0001${e.code}`;
    const c = this.counts.get(key);
    if (c) c.count++;
    else this.counts.set(key, { severity, column: e.column, code: e.code, count: 1, example: e.message });
    if (this.kept[severity] >= this.cap) return null;
    this.kept[severity]++;
    const p: StoredProblem = { ...e, severity, raw };
    this.queue.push(p);
    return p;
  }

  pending(): number {
    return this.queue.length;
  }

  /** The stored problems not yet written, emptying the queue. */
  drain(): StoredProblem[] {
    const q = this.queue;
    this.queue = [];
    return q;
  }

  /** Counts grouped by severity, column and code, most frequent first. */
  summary(): { cap: number; stored: Record<Severity, number>; groups: ProblemCount[] } {
    const groups = [...this.counts.values()].sort(
      (a, b) => b.count - a.count || a.column.localeCompare(b.column) || a.code.localeCompare(b.code),
    );
    return { cap: this.cap, stored: { ...this.kept }, groups };
  }
}
