import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  /** The status the fake answered (0 when it never answered: timeout or reset). */
  status: number;
}

export type ScriptStep = 'ok' | 'timeout' | 'garbage' | 'reset' | { status: number; retryAfter?: number; body?: unknown };

/** Switches a test flips while the fake runs. */
export interface FaultPlan {
  latencyMs: number;
  /** Consumed one per request before normal handling. */
  script: ScriptStep[];
  /** Probability that a request fails with one of `randomFaults` (seeded, reproducible). */
  failRate: number;
  randomFaults: ('429' | '500' | '503' | 'timeout' | 'garbage')[];
  /** Like the real upstream's limiter: more than `perSecond` requests in any rolling second → 429. */
  rateLimit: { perSecond: number } | undefined;
  /** Every request → 503. */
  down: boolean;
}

const defaults = (): FaultPlan => ({ latencyMs: 0, script: [], failRate: 0, randomFaults: ['429', '500', '503', 'timeout', 'garbage'], rateLimit: undefined, down: false });

export interface FakeUpstream {
  url: string;
  calls: RecordedCall[];
  faults: FaultPlan;
  /** Most requests seen in any rolling one-second window. */
  maxRequestsPerSecond(): number;
  reset(): void;
  close(): Promise<void>;
}

/** What a provider's fake answers for a request that got past the faults. */
export type Handler = (call: RecordedCall) => { status: number; body: unknown; headers?: Record<string, string> };

export interface FakeOptions {
  /** The provider's own 429 body. */
  tooManyBody: unknown;
  seed?: number;
}

/** mulberry32: a tiny seeded PRNG, so fault runs (and synthetic libraries) repeat exactly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/** An HTTP server on 127.0.0.1 that records calls and applies faults before the provider's handler. */
export async function startFake(handler: Handler, opts: FakeOptions): Promise<FakeUpstream> {
  const random = prng(opts.seed ?? 1);
  const sockets = new Set<Socket>();
  const fake: FakeUpstream = {
    url: '',
    calls: [],
    faults: defaults(),
    maxRequestsPerSecond() {
      const times = fake.calls.map((c) => c.at).sort((a, b) => a - b);
      let best = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while ((times[i] ?? 0) - (times[j] ?? 0) >= 1000) j++;
        best = Math.max(best, i - j + 1);
      }
      return best;
    },
    reset() {
      fake.calls.length = 0;
      fake.faults = defaults();
    },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
  const send = (res: ServerResponse, call: RecordedCall, status: number, body: unknown, headers: Record<string, string> = {}) => {
    call.status = status;
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const call: RecordedCall = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: await readBody(req), at: performance.now(), status: 0 };
      fake.calls.push(call);
      const f = fake.faults;
      if (f.latencyMs > 0) await new Promise((r) => setTimeout(r, f.latencyMs));
      const limited = f.rateLimit !== undefined && fake.calls.filter((c) => call.at - c.at < 1000 && c.at <= call.at).length > f.rateLimit.perSecond;
      let step: ScriptStep = f.script.shift() ?? 'ok';
      if (step === 'ok' && f.down) step = { status: 503 };
      if (step === 'ok' && f.failRate > 0 && random() < f.failRate) {
        const kind = f.randomFaults[Math.floor(random() * f.randomFaults.length)] ?? '500';
        step = kind === 'timeout' || kind === 'garbage' ? kind : { status: Number(kind), ...(kind === '429' ? { retryAfter: 1 } : {}) };
      }
      if (step === 'ok' && limited) step = { status: 429, retryAfter: 1 };
      if (step === 'timeout') return; // never answers; close() destroys the socket
      if (step === 'reset') {
        req.socket.destroy();
        return;
      }
      if (step === 'garbage') {
        send(res, call, 200, random() < 0.5 ? '{"docs": [tru' : '{"unexpected": true, "items": "nope", "docs": 7}');
        return;
      }
      if (step !== 'ok') {
        const body = step.body ?? (step.status === 429 ? opts.tooManyBody : { error: `fake ${step.status}` });
        send(res, call, step.status, body, step.retryAfter !== undefined ? { 'retry-after': String(step.retryAfter) } : {});
        return;
      }
      const answer = handler(call);
      send(res, call, answer.status, answer.body, answer.headers);
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  fake.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return fake;
}
