import { jsonEncoder, type Encoder } from '@trpc/server/adapters/ws';
import { corkForTick, type Corkable } from './tick-cork.js';

/**
 * The encoder of one WebSocket connection (tRPC's `experimental_encoder`, the adapter's public
 * hook on what it sends and receives), on tRPC's own JSON wire format, so the client is unchanged.
 * - Sending: the adapter encodes each message right before `ws.send`, so this is where the
 *   connection's socket is corked: the frames of one tick leave in one write.
 * - Receiving: each decoded message or batch goes through `route` first, which may take the
 *   messages it serves itself (`JobStreams`) and returns the rest (possibly none) to the adapter.
 */
export function connectionEncoder(socket: Corkable, route: (decoded: unknown) => unknown = (decoded) => decoded): Encoder {
  return {
    encode(message: unknown) {
      corkForTick(socket);
      return jsonEncoder.encode(message);
    },
    decode: (data) => route(jsonEncoder.decode(data)),
  };
}
