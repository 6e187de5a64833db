import type { MessagePort } from 'node:worker_threads';
import type { Telemetry, TelemetryRecord } from '../../telemetry.js';
import type { WorkerMessage } from './port-notifier.js';

/**
 * A job worker thread's telemetry: its records go to the serving thread, which keeps the metrics.
 * Records of one tick travel as one message; they are posted before the notices of the events
 * the same changes wrote (the event log records first), and a port keeps messages in order.
 */
export class PortTelemetry implements Telemetry {
  private batch: TelemetryRecord[] = [];

  constructor(private readonly port: MessagePort) {}

  record(record: TelemetryRecord): void {
    this.batch.push(record);
    if (this.batch.length > 1) return;
    setImmediate(() => {
      const records = this.batch;
      this.batch = [];
      this.port.postMessage({ kind: 'telemetry', records } satisfies WorkerMessage);
    });
  }
}
