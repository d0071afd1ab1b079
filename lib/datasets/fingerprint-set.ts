/**
 * A set of row fingerprints (53-bit cyrb53 hashes, lib/datasets/natural-key.ts) in typed arrays, for duplicate
 * detection during an import: 8 bytes a slot at a load of 3/8 to 3/4, so 10.7–21.3 bytes a fingerprint (a JS
 * `Set<number>` of the same hashes holds each as a heap number: 44 bytes a row of heap, ~70 of resident memory at
 * 3 M rows; measured).
 *
 * Open addressing with linear probing over SHARDS independent tables, chosen by the top bits of the hash's low
 * word; a table doubles when it is 3/4 full, so growing copies 1/SHARDS of the set at a time (a single table
 * would hold its old and new arrays — 1.5× the set — at each doubling). A slot stores hash + 1 (0 marks an empty
 * slot), exact in a float64 since hashes are below 2⁵³. Pure.
 */
const SHARD_BITS = 6;
const SHARDS = 1 << SHARD_BITS;
const INITIAL_SLOTS = 256;
/** slot index bits come from the low word below the shard bits: at most 2^26 slots a table (4 G in all) */
const MAX_SLOTS = 1 << (32 - SHARD_BITS);
const MAX_HASH = 2 ** 53 - 1;

export class FingerprintSet {
  private readonly tables: Float64Array[] = [];
  private readonly counts = new Uint32Array(SHARDS);
  size = 0;

  constructor() {
    for (let s = 0; s < SHARDS; s++) this.tables.push(new Float64Array(INITIAL_SLOTS));
  }

  /** Adds a fingerprint; false when it was already there (the row is a duplicate). */
  add(hash: number): boolean {
    if (!Number.isInteger(hash) || hash < 0 || hash > MAX_HASH)
      throw new RangeError(`FingerprintSet: ${hash} is not a 53-bit fingerprint`);
    const lo = hash >>> 0;
    const s = lo >>> (32 - SHARD_BITS);
    let t = this.tables[s];
    if ((this.counts[s] + 1) * 4 > t.length * 3) t = this.grow(s);
    const mask = t.length - 1;
    const stored = hash + 1;
    for (let i = lo & mask; ; i = (i + 1) & mask) {
      const v = t[i];
      if (v === stored) return false;
      if (v === 0) {
        t[i] = stored;
        this.counts[s]++;
        this.size++;
        return true;
      }
    }
  }

  has(hash: number): boolean {
    const lo = hash >>> 0;
    const t = this.tables[lo >>> (32 - SHARD_BITS)];
    const mask = t.length - 1;
    const stored = hash + 1;
    for (let i = lo & mask; ; i = (i + 1) & mask) {
      const v = t[i];
      if (v === stored) return true;
      if (v === 0) return false;
    }
  }

  /** Bytes held by the tables. */
  get bytes(): number {
    let n = 0;
    for (const t of this.tables) n += t.byteLength;
    return n;
  }

  private grow(s: number): Float64Array {
    const old = this.tables[s];
    if (old.length * 2 > MAX_SLOTS) throw new RangeError('FingerprintSet: over 3 billion fingerprints');
    const t = new Float64Array(old.length * 2);
    const mask = t.length - 1;
    for (const v of old) {
      if (v === 0) continue;
      let i = ((v - 1) >>> 0) & mask;
      while (t[i] !== 0) i = (i + 1) & mask;
      t[i] = v;
    }
    this.tables[s] = t;
    return t;
  }
}
