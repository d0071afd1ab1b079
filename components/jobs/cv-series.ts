export interface CvSeries {
  /** one row per fold: fold number, then one AUC column per candidate */
  rows: Record<string, number>[];
  series: { key: string; algorithm: string; label: string }[];
}

/**
 * Fold AUCs from the job log, one series per candidate (algorithm + parameters): fits of different models are
 * never joined into one line. The log line reads "<algorithm> <params JSON> fold f/k: AUC x".
 */
export function cvSeries(logs: { msg: string; point?: Record<string, number> }[]): CvSeries {
  const byFold = new Map<number, Record<string, number>>();
  const series: CvSeries['series'] = [];
  const perAlgorithm = new Map<string, number>();
  for (const l of logs) {
    if (l.point?.fold === undefined) continue;
    const m = /^(\S+) (.*) fold \d+\/\d+/.exec(l.msg);
    const algorithm = m?.[1] ?? 'model';
    const key = `${algorithm} ${m?.[2] ?? ''}`;
    if (!series.some((s) => s.key === key)) {
      const n = (perAlgorithm.get(algorithm) ?? 0) + 1;
      perAlgorithm.set(algorithm, n);
      series.push({ key, algorithm, label: `${algorithm} #${n}` });
    }
    const row = byFold.get(l.point.fold) ?? { fold: l.point.fold };
    row[key] = l.point.auc;
    byFold.set(l.point.fold, row);
  }
  return { rows: [...byFold.values()].sort((a, b) => a.fold - b.fold), series };
}
