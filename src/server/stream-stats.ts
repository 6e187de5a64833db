/** The transports live job progress is streamed over. */
export type StreamTransport = 'ws' | 'sse';

/**
 * This process's live progress streams, counted where they are served: plain numbers, because a
 * frame is sent per event per subscriber and must stay a string concatenation and a write. The
 * metrics read them at each scrape.
 */
export class StreamStats {
  readonly framesSent: Record<StreamTransport, number> = { ws: 0, sse: 0 };
  readonly open: Record<StreamTransport, number> = { ws: 0, sse: 0 };

  /** Counts one subscription as open until the function returned is called (any number of times). */
  opened(transport: StreamTransport): () => void {
    this.open[transport]++;
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      this.open[transport]--;
    };
  }
}
