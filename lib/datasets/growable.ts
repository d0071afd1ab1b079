/** A Float64Array that grows by doubling; missing values are stored as NaN. */
export class GrowableColumn {
  private buf = new Float64Array(1024);
  length = 0;

  push(x: number | null): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = x === null ? NaN : x;
  }

  values(): Float64Array {
    return this.buf.subarray(0, this.length);
  }
}
