import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What the fake answers one call with. Scripted replies are used in order, then the default handler's. */
export type GeminiReply =
  /** A normal answer: `json` serialised as the model's text, finishReason STOP (or the one given). */
  | { json: unknown; finishReason?: string }
  /** The model's text as is (e.g. malformed JSON). */
  | { text: string; finishReason?: string }
  /**
   * An error status with the real API's body: 429 RESOURCE_EXHAUSTED with QuotaFailure + RetryInfo
   * (`retryDelay` default "1s"; `perDay` names a daily quota), 503 UNAVAILABLE "The model is
   * overloaded", 500 INTERNAL, others a generic Google error; `body` replaces the body outright.
   */
  | { status: number; retryDelay?: string; perDay?: boolean; body?: unknown }
  /** HTTP 200 with a safety block: of the prompt (no candidates) or of the candidate (no content). */
  | { blocked: 'prompt' | 'candidate' }
  /** Waits, then answers with `then` (for timeouts and aborts). */
  | { delayMs: number; then: GeminiReply }
  /** Destroys the socket without answering. */
  | { reset: true };

/** The parts of a `generateContent` body the fake and tests read. */
export interface FakeGenerateBody {
  contents?: { role?: string; parts?: { text?: string; inlineData?: { mimeType: string; data: string } }[] }[];
  systemInstruction?: { parts?: { text?: string }[] };
  generationConfig?: { responseMimeType?: string; responseJsonSchema?: Record<string, unknown>; temperature?: number } & Record<string, unknown>;
}

export interface RecordedGeminiCall {
  method: string;
  path: string;
  /** `v1beta` (what @google/genai 2.x sends) or `v1`. */
  version: string;
  model: string;
  headers: IncomingHttpHeaders;
  body: FakeGenerateBody;
  /** Every text part of `contents`, joined by newlines: what the prompt said. */
  text: string;
  /** The status answered; 0 while pending or when the socket was reset. */
  status: number;
}

export type GeminiHandler = (call: RecordedGeminiCall) => GeminiReply | Promise<GeminiReply>;

export interface FakeGemini {
  /** Base URL (GEMINI_BASE_URL), on 127.0.0.1. */
  url: string;
  apiKey: string;
  calls: RecordedGeminiCall[];
  /** Queues replies for the next calls, in order. */
  script(...replies: GeminiReply[]): void;
  /** Answers calls once the script is used up. */
  setDefault(handler: GeminiHandler): void;
  /** Forgets calls, script and default handler. */
  reset(): void;
  close(): Promise<void>;
}

const googleError = (code: number, status: string, message: string, details?: unknown[]) => ({ error: { code, message, status, ...(details ? { details } : {}) } });

function tooMany(model: string, retryDelay: string, perDay: boolean) {
  const quotaId = perDay ? 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' : 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier';
  return googleError(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.', [
    {
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId, quotaDimensions: { location: 'global', model }, quotaValue: perDay ? '250' : '10' }],
    },
    { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] },
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay },
  ]);
}

function errorBody(status: number, reply: { retryDelay?: string; perDay?: boolean }, model: string): unknown {
  if (status === 429) return tooMany(model, reply.retryDelay ?? '1s', reply.perDay === true);
  if (status === 503) return googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.');
  if (status === 500) return googleError(500, 'INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting');
  return googleError(status, status === 404 ? 'NOT_FOUND' : 'INVALID_ARGUMENT', `fake gemini: status ${status}`);
}

/** The API's 400 for a missing or wrong key (fixture unary-failure-api-key.json; the real one echoes the key). */
const badKey = (key: string) =>
  googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
    { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: 'API key not valid. Please pass a valid API key.' },
    { '@type': 'type.googleapis.com/google.rpc.DebugInfo', detail: `Invalid API key: ${key}` },
  ]);

function answer(call: RecordedGeminiCall, body: Record<string, unknown>) {
  const promptTokenCount = Math.ceil(JSON.stringify(call.body).length / 4);
  return { ...body, usageMetadata: { promptTokenCount, candidatesTokenCount: 25, totalTokenCount: promptTokenCount + 25 }, modelVersion: call.model, responseId: `fake-${Date.now().toString(36)}` };
}

const RATINGS = [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true }];

const PATH = /^\/(v1|v1beta|v1alpha)\/models\/([^/:]+):generateContent$/;

/**
 * A fake Gemini API on loopback: `POST /{version}/models/{model}:generateContent` with the
 * `x-goog-api-key` header, answering scripted replies in the real wire shapes (errors included).
 */
export async function startFakeGemini(opts: { apiKey?: string } = {}): Promise<FakeGemini> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let queue: GeminiReply[] = [];
  let fallback: GeminiHandler | undefined;
  const send = (res: ServerResponse, call: RecordedGeminiCall | undefined, status: number, body: unknown) => {
    if (res.destroyed) return;
    if (call) call.status = status;
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(body));
  };
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  const reply = async (res: ServerResponse, call: RecordedGeminiCall, r: GeminiReply): Promise<void> => {
    if ('delayMs' in r) {
      await wait(r.delayMs);
      return reply(res, call, r.then);
    }
    if ('reset' in r) {
      res.socket?.destroy();
      return;
    }
    if ('status' in r) {
      send(res, call, r.status, r.body ?? errorBody(r.status, r, call.model));
      return;
    }
    if ('blocked' in r) {
      const body = r.blocked === 'prompt' ? { promptFeedback: { blockReason: 'SAFETY', safetyRatings: RATINGS } } : { candidates: [{ finishReason: 'SAFETY', index: 0, safetyRatings: RATINGS }] };
      send(res, call, 200, answer(call, body));
      return;
    }
    const text = 'json' in r ? JSON.stringify(r.json) : r.text;
    send(res, call, 200, answer(call, { candidates: [{ content: { parts: [{ text }], role: 'model' }, finishReason: r.finishReason ?? 'STOP', index: 0 }] }));
  };

  const fake: FakeGemini = {
    url: '',
    apiKey: opts.apiKey ?? 'fake-gemini-key',
    calls: [],
    script: (...replies) => {
      queue.push(...replies);
    },
    setDefault: (handler) => {
      fallback = handler;
    },
    reset: () => {
      fake.calls.length = 0;
      queue = [];
      fallback = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const path = new URL(req.url ?? '/', 'http://fake').pathname;
        const route = PATH.exec(path);
        if (req.method !== 'POST' || !route?.[1] || !route[2]) {
          send(res, undefined, 404, googleError(404, 'NOT_FOUND', `fake gemini: no route ${req.method ?? ''} ${path}`));
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as FakeGenerateBody;
        const text = (body.contents ?? []).flatMap((c) => (c.parts ?? []).flatMap((p) => (p.text === undefined ? [] : [p.text]))).join('\n');
        const call: RecordedGeminiCall = { method: req.method, path, version: route[1], model: route[2], headers: req.headers, body, text, status: 0 };
        fake.calls.push(call);
        const key = req.headers['x-goog-api-key'];
        if (key !== fake.apiKey) {
          send(res, call, 400, badKey(typeof key === 'string' ? key : ''));
          return;
        }
        const next = queue.shift() ?? (fallback ? await fallback(call) : { status: 500, body: googleError(500, 'INTERNAL', 'fake gemini: no reply scripted and no default handler') });
        await reply(res, call, next);
      })().catch((error: unknown) => {
        send(res, undefined, 500, googleError(500, 'INTERNAL', `fake gemini failed: ${String(error)}`));
      });
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
