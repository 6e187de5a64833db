/**
 * When a run last moved (stored or emitted something of its own) and last spoke (any event on its
 * stream), and the heartbeat that speaks for it once it has been quiet for `heartbeatMs`. The
 * runner ends a run that has not moved for the stall timeout; speaking does not count as moving.
 */
export class RunLiveness {
  private lastMovedAt: number;
  private lastSpokeAt: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly heartbeatMs: number,
    private readonly now: () => number,
    speak: () => void,
  ) {
    this.lastMovedAt = now();
    this.lastSpokeAt = now();
    // Checked four times per period, so no silence lasts much longer than one.
    this.timer = setInterval(() => {
      if (this.now() - this.lastSpokeAt >= this.heartbeatMs) speak();
    }, Math.max(10, Math.floor(heartbeatMs / 4)));
    this.timer.unref();
  }

  moved(): void {
    this.lastMovedAt = this.now();
  }

  spoke(): void {
    this.lastSpokeAt = this.now();
  }

  quietForMs(): number {
    return this.now() - this.lastMovedAt;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
