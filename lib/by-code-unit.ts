/**
 * Strings compared by UTF-16 code units, which for ids is PostgreSQL's "C" collation: the one order in which the
 * live path and the feature rebuild lock customers' rows (so neither waits for the other in a cycle), and a
 * locale-independent order wherever a list must come out the same on every machine. Pure.
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
