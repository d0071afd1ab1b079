/**
 * Names given to the segments of one segmentation run carried to the next run's segments that match them.
 * Two segments match when the Jaccard index of their member sets, |A ∩ B| / |A ∪ B|, is at least `threshold`
 * (default 0.8). Matching is one-to-one: the pairs with the highest index are taken first, each old and each new
 * segment at most once. Only names a person gave are carried (an old segment still called "Segment 3" is not).
 * Framework-free: member ids in, names out.
 */
export interface NamedSegment {
  name: string;
  /** true when a person renamed it (the run's default was "Segment N") */
  named: boolean;
  members: readonly string[];
}

export interface CarriedName {
  /** index into `next` */
  index: number;
  name: string;
  jaccard: number;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

export function carryNames(
  previous: readonly NamedSegment[],
  next: readonly (readonly string[])[],
  threshold = 0.8,
): CarriedName[] {
  const named = previous.filter((p) => p.named).map((p) => ({ name: p.name, set: new Set(p.members) }));
  if (named.length === 0) return [];
  const nextSets = next.map((m) => new Set(m));
  const pairs: { prev: number; index: number; jaccard: number }[] = [];
  named.forEach((p, pi) => {
    nextSets.forEach((s, ni) => {
      const j = jaccard(p.set, s);
      if (j >= threshold) pairs.push({ prev: pi, index: ni, jaccard: j });
    });
  });
  // highest overlap first; ties by position so the answer never depends on iteration order
  pairs.sort((a, b) => b.jaccard - a.jaccard || a.index - b.index || a.prev - b.prev);
  const usedPrev = new Set<number>();
  const usedNext = new Set<number>();
  const out: CarriedName[] = [];
  for (const p of pairs) {
    if (usedPrev.has(p.prev) || usedNext.has(p.index)) continue;
    usedPrev.add(p.prev);
    usedNext.add(p.index);
    out.push({ index: p.index, name: named[p.prev].name, jaccard: p.jaccard });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The name a run gives a cluster before anybody renames it. */
export function defaultSegmentName(cluster: number): string {
  return cluster === -1 ? 'Noise (no cluster)' : `Segment ${cluster + 1}`;
}
