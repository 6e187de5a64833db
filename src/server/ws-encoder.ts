import { jsonEncoder, type Encoder } from '@trpc/server/adapters/ws';
import { jsonOnce } from './event-json.js';
import { corkForTick, type Corkable } from './tick-cork.js';

/** The message tRPC's adapter sends for one `tracked(id, value)` a subscription yields. */
interface TrackedDataMessage {
  id: number | string;
  jsonrpc?: '2.0';
  result: { type: 'data'; id: string; data: { id: string; data: object } };
}

type Loose = Record<string, unknown> | undefined;

function isTrackedData(message: unknown): message is TrackedDataMessage {
  if (typeof message !== 'object' || message === null) return false;
  const { id, jsonrpc, result } = message as Record<string, unknown>;
  if (typeof id !== 'number' && typeof id !== 'string') return false;
  if (jsonrpc !== undefined && jsonrpc !== '2.0') return false;
  const r = result as Loose;
  if (typeof r !== 'object' || r.type !== 'data' || typeof r.id !== 'string') return false;
  const envelope = r.data as Loose;
  return typeof envelope === 'object' && envelope.id === r.id && typeof envelope.data === 'object' && envelope.data !== null;
}

/**
 * The text of a tracked data message, reusing the value's JSON: every subscriber of a job gets
 * the same event object, so the event is serialised once and each subscriber's frame only wraps
 * it in its own ids. Same JSON as `JSON.stringify(message)` would give, field for field.
 */
function trackedDataText(m: TrackedDataMessage): string {
  const trackedId = JSON.stringify(m.result.id);
  const rpc = m.jsonrpc === undefined ? '' : '"jsonrpc":"2.0",';
  return `{"id":${JSON.stringify(m.id)},${rpc}"result":{"type":"data","id":${trackedId},"data":{"id":${trackedId},"data":${jsonOnce(m.result.data.data)}}}}`;
}

/**
 * The encoder of one WebSocket connection (tRPC's `experimental_encoder`, the adapter's public
 * hook on what it sends): the same JSON wire format as tRPC's own `jsonEncoder`, so the client is
 * unchanged. The adapter encodes each message right before `ws.send`, so this is where the
 * connection's socket is corked: the frames of one event leave in one write.
 */
export function connectionEncoder(socket: Corkable): Encoder {
  return {
    encode(message: unknown) {
      corkForTick(socket);
      return isTrackedData(message) ? trackedDataText(message) : jsonEncoder.encode(message);
    },
    decode: (data) => jsonEncoder.decode(data),
  };
}
