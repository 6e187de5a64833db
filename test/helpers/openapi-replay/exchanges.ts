/** One real HTTP request and its response, as the checks need it. */
export interface Exchange {
  /** What the test did, e.g. `imports-startCsv 413: a multipart file over MAX_CSV_BYTES`. */
  label: string;
  method: string;
  /** Relative to the REST base URL (`/api/v1`), with the query string. */
  target: string;
  requestContentType: string | undefined;
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: Buffer;
}

export const bodyText = (ex: Exchange) => ex.body.toString('utf8');

export function excerpt(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** `fetch`'s answer, read to its end, as an Exchange. */
export async function captureFetch(label: string, method: string, target: string, requestContentType: string | undefined, res: Response): Promise<Exchange> {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const body = Buffer.from(await res.arrayBuffer());
  return { label, method, target, requestContentType, status: res.status, headers, body };
}

// ---------------------------------------------------------------------------------------------
// Server-Sent Events

export interface SseFrame {
  event?: string;
  id?: string;
  /** The data lines joined by `\n`; undefined when the frame had no `data:` field. */
  data?: string;
  retry?: string;
}

/**
 * Splits an event-stream body into frames as the WHATWG parsing rules do: lines end with CRLF, LF
 * or CR; `:` lines are comments; one leading space after the colon is dropped; `data` lines join
 * with `\n`; a blank line ends the frame. Frames with neither data nor event (comments, `retry:`)
 * are kept only if they carry a field, so the checks can see every frame the server wrote.
 */
export function parseSse(text: string): SseFrame[] {
  const frames: SseFrame[] = [];
  let frame: SseFrame = {};
  let hasField = false;
  const data: string[] = [];
  const flush = () => {
    if (data.length > 0) frame.data = data.join('\n');
    if (hasField) frames.push(frame);
    frame = {};
    hasField = false;
    data.length = 0;
  };
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') {
      flush();
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    hasField = true;
    if (field === 'data') data.push(value);
    else if (field === 'event') frame.event = value;
    else if (field === 'id') frame.id = value;
    else if (field === 'retry') frame.retry = value;
  }
  // An unterminated last frame is not dispatched by a client (no blank line), but it is reported.
  if (hasField) flush();
  return frames;
}
