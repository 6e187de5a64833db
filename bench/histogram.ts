/** A fixed-bucket latency histogram (0.05 ms buckets up to 30 s): constant memory for millions of samples. */
export class Histogram {
  static readonly BUCKET_MS = 0.05;
  readonly buckets = new Uint32Array(Math.ceil(30_000 / Histogram.BUCKET_MS) + 1);
  count = 0;
  max = 0;

  add(ms: number): void {
    const v = Math.max(0, ms);
    const i = Math.min(this.buckets.length - 1, Math.floor(v / Histogram.BUCKET_MS));
    this.buckets[i] = (this.buckets[i] ?? 0) + 1;
    this.count++;
    if (v > this.max) this.max = v;
  }

  merge(buckets: ArrayLike<number>, count: number, max: number): void {
    for (let i = 0; i < buckets.length; i++) this.buckets[i] = (this.buckets[i] ?? 0) + (buckets[i] ?? 0);
    this.count += count;
    this.max = Math.max(this.max, max);
  }

  percentile(p: number): number {
    const target = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i] ?? 0;
      if (seen >= target && target > 0) return (i + 1) * Histogram.BUCKET_MS;
    }
    return 0;
  }
}
