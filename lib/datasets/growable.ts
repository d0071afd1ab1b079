/**
 * A column of float64 values appended one at a time (missing values stored as NaN), in fixed chunks of
 * CHUNK_VALUES: 8 bytes a value plus at most one partly filled chunk, and nothing copied while it grows (a doubling
 * array holds up to twice the values, and old + new arrays — three times — while it doubles). `values()` joins the
 * chunks into one array once, when the column is read.
 */
const CHUNK_VALUES = 1 << 16;

export class GrowableColumn {
  private chunks: Float64Array[] = [];
  private last = new Float64Array(0);
  private fill = 0;
  length = 0;

  push(x: number | null): void {
    if (this.fill === this.last.length) {
      this.last = new Float64Array(CHUNK_VALUES);
      this.chunks.push(this.last);
      this.fill = 0;
    }
    this.last[this.fill++] = x === null ? NaN : x;
    this.length++;
  }

  values(): Float64Array {
    if (this.chunks.length === 1 && this.fill === this.last.length) return this.last;
    const out = new Float64Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      const n = Math.min(c.length, this.length - at);
      out.set(n === c.length ? c : c.subarray(0, n), at);
      at += n;
    }
    // the joined array replaces the chunks (later pushes start a new chunk after it)
    this.chunks = [out];
    this.last = out;
    this.fill = out.length;
    return out;
  }
}
