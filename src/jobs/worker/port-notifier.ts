import type { MessagePort, Worker } from 'node:worker_threads';
import type { TelemetryRecord } from '../../telemetry.js';
import type { JobNotice, JobNotifier } from '../notifier.js';

/** Messages between the serving thread and a job worker: notices, the worker's telemetry, and its lifecycle. */
export type WorkerMessage =
  | { kind: 'notice'; notice: JobNotice }
  | { kind: 'telemetry'; records: TelemetryRecord[] }
  | { kind: 'stop' }
  | { kind: 'ready' }
  | { kind: 'stopped' };

/** A notifier over a worker thread's message channel (`parentPort` inside, the `Worker` outside). */
export class PortNotifier implements JobNotifier {
  constructor(private readonly port: MessagePort | Worker) {}

  send(notice: JobNotice): void {
    this.port.postMessage({ kind: 'notice', notice } satisfies WorkerMessage);
  }

  listen(listener: (notice: JobNotice) => void): () => void {
    const onMessage = (message: WorkerMessage) => {
      if (message.kind === 'notice') listener(message.notice);
    };
    this.port.on('message', onMessage);
    return () => this.port.off('message', onMessage);
  }
}
