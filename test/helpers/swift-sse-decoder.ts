import { SwiftDecodeError, decodeLikeSwift, type OpenApiDoc, type SwiftDecodeOptions } from './swift-decoder.js';

/**
 * Parses an SSE body the way the runtime does (every blank-line-terminated block is an event; comment lines skipped; `data` lines
 * joined by \n; an event with no data line has data undefined) and decodes each event's data (when present) as JSON against
 * `schema`. Returns the parsed events. Note: asDecodedServerSentEventsWithJSONData uses `JSONDecoder()` unless given one, and its
 * default date strategy (.deferredToDate) reads no ISO string: the app must pass a decoder whose dates match `opts.dateTranscoder`.
 */
export function decodeSseLikeSwift(doc: OpenApiDoc, schema: unknown, body: string, opts: SwiftDecodeOptions = {}): { event?: string; id?: string; data?: unknown }[] {
  const events: { event?: string; id?: string; data?: unknown }[] = [];
  let cur: { event?: string; id?: string; data?: string } = {};
  // ServerSentEventsDecoding.swift line sequence: lines end at LF, CR or CRLF; an unterminated last line never ends an event (dropped at EOF).
  for (const line of body.split(/\r\n|\r|\n/).slice(0, -1)) {
    if (line === '') {
      // ServerSentEventsDecoding.swift StateMachine.next: every empty line emits the accumulated event, even an empty one; one trailing "\n" of data is removed.
      const { data, ...rest } = cur;
      const n = events.length;
      if (data === undefined) events.push(rest);
      else {
        // asDecodedServerSentEventsWithJSONData: `data` (when present) is decoded by JSONDecoder; "" is not JSON.
        let json: unknown;
        try { json = JSON.parse(data.slice(0, -1)); } catch (error: unknown) { throw new SwiftDecodeError('$', `SSE event #${n}: data is not JSON (${String(error)})`, { cause: error }); }
        try { decodeLikeSwift(doc, schema, json, opts); } catch (error: unknown) {
          if (error instanceof SwiftDecodeError) throw new SwiftDecodeError(error.path, `SSE event #${n}: ${error.reason}`, { cause: error });
          throw error;
        }
        events.push({ ...rest, data: json });
      }
      cur = {};
      continue;
    }
    if (line.startsWith(':')) continue; // a comment line
    const colon = line.indexOf(':');
    if (colon < 0) continue; // the runtime skips a field without a colon (the HTML spec would read `data` as empty data)
    const field = line.slice(0, colon);
    const value = line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') cur.event = value;
    else if (field === 'id') cur.id = value;
    else if (field === 'data') cur.data = `${cur.data ?? ''}${value}\n`;
    // `retry` (parsed as Int64) and unknown fields are not part of the returned shape.
  }
  return events;
}
