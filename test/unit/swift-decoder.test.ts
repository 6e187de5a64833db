import { describe, expect, it } from 'vitest';
import {
  decodeLikeSwift,
  oneOfCaseLikeSwift,
  SwiftDecodeError,
  unsupportedSchemas,
  type OpenApiDoc,
  type SwiftDecodeOptions,
} from '../helpers/swift-decoder.js';
import { decodeSseLikeSwift } from '../helpers/swift-sse-decoder.js';

/** The SwiftDecodeError thrown by `fn`, or a failure if it does not throw one. */
function decodeError(fn: () => void): SwiftDecodeError {
  try {
    fn();
  } catch (error: unknown) {
    if (error instanceof SwiftDecodeError) return error;
    throw error;
  }
  throw new Error('expected a SwiftDecodeError, nothing was thrown');
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const doc: OpenApiDoc = {
  openapi: '3.1.0',
  components: {
    schemas: {
      Node: {
        type: 'object',
        properties: { name: { type: 'string' }, children: { type: 'array', items: ref('Node') } },
        required: ['name'],
      },
      MaybeText: { type: ['string', 'null'] },
      Child: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      Open: {
        type: 'object',
        properties: { id: { type: 'integer' }, child: { anyOf: [ref('Child'), { type: 'null' }] } },
        required: ['id', 'child'],
      },
      Closed: {
        type: 'object',
        properties: { id: { type: 'integer' }, child: { anyOf: [ref('Child'), { type: 'null' }] } },
        required: ['id', 'child'],
        additionalProperties: false,
      },
      Person: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          nick: { type: ['string', 'null'] },
          age: { type: 'integer' },
          note: ref('MaybeText'),
          role: { type: 'string', enum: ['admin', 'reader'] },
        },
        required: ['name', 'nick', 'note'],
      },
      Running: {
        type: 'object',
        properties: { type: { type: 'string', const: 'running' }, progress: { type: 'integer' } },
        required: ['type', 'progress'],
      },
      Canceled: {
        type: 'object',
        properties: { type: { type: 'string', const: 'canceled' }, reason: { type: 'string' } },
        required: ['type'],
      },
      Stopped: { type: 'object', properties: { type: { type: 'string' }, at: { type: 'string' } }, required: ['type'] },
      Event: {
        oneOf: [ref('Running'), ref('Canceled'), ref('Stopped')],
        discriminator: {
          propertyName: 'type',
          mapping: { running: '#/components/schemas/Running', canceled: '#/components/schemas/Canceled', halt: '#/components/schemas/Stopped', stopped: '#/components/schemas/Canceled' },
        },
      },
      Unmapped: { oneOf: [ref('Running'), ref('Canceled'), ref('Stopped')], discriminator: { propertyName: 'type' } },
    },
  },
};

const schemas = doc.components?.schemas ?? {};
const at = (name: string, value: unknown, opts?: SwiftDecodeOptions) => () => {
  decodeLikeSwift(doc, schemas[name], value, opts);
};

describe('decodeLikeSwift: refs, optionality, required', () => {
  it('follows $ref, including a recursive one, and reports the path of a nested failure', () => {
    expect(at('Node', { name: 'a', children: [{ name: 'b', children: [{ name: 'c' }] }] })).not.toThrow();
    const error = decodeError(at('Node', { name: 'a', children: [{ name: 'b', children: [{ name: 3 }] }] }));
    expect(error.path).toBe('$.children[0].children[0].name');
  });

  it('a type array with "null" is nullable: a required property accepts null', () => {
    expect(at('Person', { name: 'a', nick: null, note: 'x' })).not.toThrow();
    expect(decodeError(at('Person', { name: null, nick: null, note: 'x' })).path).toBe('$.name');
  });

  it('nullability follows $ref to the target (MaybeText is [string, null])', () => {
    expect(at('Person', { name: 'a', nick: 'n', note: null })).not.toThrow();
    expect(at('Person', { name: 'a', nick: 'n' })).not.toThrow(); // nullable + required → optional → missing key is nil
    expect(decodeError(at('Person', { name: 'a', nick: 'n', note: 4 })).path).toBe('$.note');
  });

  it('a property outside `required` may be missing or null; a required one may not be missing', () => {
    expect(at('Person', { name: 'a', nick: null, note: null, age: null })).not.toThrow();
    const error = decodeError(at('Person', { nick: null, note: null }));
    expect(error.path).toBe('$.name');
    expect(error.message).toMatch(/required key is missing/);
  });

  it('a JSON null in a required, non-nullable property fails with its path', () => {
    const nested: OpenApiDoc = { components: { schemas: { Job: { type: 'object', properties: { progress: { type: 'object', properties: { phase: { type: 'string' } }, required: ['phase'] } }, required: ['progress'] } } } };
    expect(decodeError(() => { decodeLikeSwift(nested, ref('Job'), { progress: { phase: null } }); }).path).toBe('$.progress.phase');
    expect(() => { decodeLikeSwift(nested, ref('Job'), { progress: { phase: 'x' } }); }).not.toThrow();
  });
});

describe('decodeLikeSwift: unsupported anyOf/oneOf null branches', () => {
  it('unsupportedSchemas reports the dropped property with the offending {type: "null"} branch', () => {
    const found = unsupportedSchemas(doc);
    expect(found).toEqual([
      { pointer: '/components/schemas/Open/properties/child', reason: 'schema type "null" at /components/schemas/Open/properties/child/anyOf/1' },
      { pointer: '/components/schemas/Closed/properties/child', reason: 'schema type "null" at /components/schemas/Closed/properties/child/anyOf/1' },
    ]);
  });

  it('in an open object the dropped property is ignored, whatever its value (even required and missing)', () => {
    expect(at('Open', { id: 1, child: { name: 'c' } })).not.toThrow();
    expect(at('Open', { id: 1, child: null })).not.toThrow();
    expect(at('Open', { id: 1, child: 'not a Child at all' })).not.toThrow();
    expect(at('Open', { id: 1 })).not.toThrow();
    expect(decodeError(at('Open', { child: null })).path).toBe('$.id');
  });

  it('in a closed object the dropped property is an unknown key and refused', () => {
    expect(decodeError(at('Closed', { id: 1, child: { name: 'c' } })).path).toBe('$.child');
    expect(decodeError(at('Closed', { id: 1, child: null })).path).toBe('$.child');
    expect(at('Closed', { id: 1 })).not.toThrow();
  });

  it('`not`, oneOf with a null branch, and a $ref to an unsupported component are reported too; a body with an unsupported schema cannot be decoded', () => {
    const d: OpenApiDoc = {
      components: { schemas: { Bad: { not: { type: 'string' } } } },
      paths: { '/x': { get: { responses: { '200': { content: { 'application/json': { schema: {
        type: 'object',
        properties: { a: { oneOf: [{ type: 'string' }, { type: 'null' }] }, b: ref('Bad'), c: { type: 'string' } },
      } } } } } } } },
    };
    const body = '/paths/~1x/get/responses/200/content/application~1json/schema';
    expect(unsupportedSchemas(d).map((u) => u.pointer)).toEqual(['/components/schemas/Bad', `${body}/properties/a`, `${body}/properties/b`]);
    expect(decodeError(() => { decodeLikeSwift(d, ref('Bad'), 'x'); }).path).toBe('$');
    expect(unsupportedSchemas({ components: { schemas: { Fine: { type: ['string', 'null'] } } } })).toEqual([]);
  });
});

describe('decodeLikeSwift: objects and free-form values', () => {
  const obj = (additionalProperties?: unknown): unknown => ({ type: 'object', properties: { a: { type: 'string' } }, ...(additionalProperties === undefined ? {} : { additionalProperties }) });

  it('additionalProperties: false refuses an unknown key (the first, sorted)', () => {
    expect(decodeError(() => { decodeLikeSwift(doc, obj(false), { a: 'x', z: 1, b: 2 }); }).path).toBe('$.b');
    expect(() => { decodeLikeSwift(doc, obj(false), { a: 'x' }); }).not.toThrow();
  });

  it('absent or true additionalProperties accept any extra value', () => {
    expect(() => { decodeLikeSwift(doc, obj(), { a: 'x', b: [null, { c: 1 }] }); }).not.toThrow();
    expect(() => { decodeLikeSwift(doc, obj(true), { a: 'x', b: [null, { c: 1 }] }); }).not.toThrow();
    expect(decodeError(() => { decodeLikeSwift(doc, obj(true), { a: 1 }); }).path).toBe('$.a');
  });

  it('an additionalProperties schema decodes every extra value', () => {
    expect(() => { decodeLikeSwift(doc, obj({ type: 'integer' }), { a: 'x', b: 1, c: 2 }); }).not.toThrow();
    expect(decodeError(() => { decodeLikeSwift(doc, obj({ type: 'integer' }), { a: 'x', b: 1, c: 'two' }); }).path).toBe('$.c');
    expect(decodeError(() => { decodeLikeSwift(doc, obj({ type: 'integer' }), { b: null }); }).path).toBe('$.b');
  });

  it('an object without properties is any JSON object; no type at all is any JSON value, nested nulls included', () => {
    expect(() => { decodeLikeSwift(doc, { type: 'object' }, { x: { y: null } }); }).not.toThrow();
    expect(decodeError(() => { decodeLikeSwift(doc, { type: 'object' }, [1]); }).path).toBe('$');
    for (const v of [null, 1, 'x', [null], { a: { b: null } }]) expect(() => { decodeLikeSwift(doc, {}, v); }).not.toThrow();
  });

  it('a required free-form property may be null (OpenAPIValueContainer) but not missing', () => {
    const s = { type: 'object', properties: { meta: {} }, required: ['meta'] };
    expect(() => { decodeLikeSwift(doc, s, { meta: null }); }).not.toThrow();
    expect(decodeError(() => { decodeLikeSwift(doc, s, {}); }).path).toBe('$.meta');
  });
});

describe('decodeLikeSwift: scalars', () => {
  it('a string enum refuses an unknown value', () => {
    expect(at('Person', { name: 'a', nick: null, note: null, role: 'admin' })).not.toThrow();
    expect(decodeError(at('Person', { name: 'a', nick: null, note: null, role: 'owner' })).path).toBe('$.role');
  });

  it('a typed `const` is a one-case enum; an untyped `const` (a fragment) and a boolean/number `const`/`enum` are not enforced', () => {
    expect(decodeError(() => { decodeLikeSwift(doc, { type: 'string', const: 'a' }, 'b'); }).path).toBe('$');
    expect(decodeError(() => { decodeLikeSwift(doc, { type: 'integer', enum: [1, 2] }, 3); }).path).toBe('$');
    expect(() => { decodeLikeSwift(doc, { const: 'a' }, 'b'); }).not.toThrow();
    expect(() => { decodeLikeSwift(doc, { type: 'boolean', const: true }, false); }).not.toThrow();
    expect(() => { decodeLikeSwift(doc, { type: 'number', enum: [1.5] }, 2); }).not.toThrow();
  });

  it('integer: integral JSON numbers only; number: any number; boolean: true/false only', () => {
    expect(() => { decodeLikeSwift(doc, { type: 'integer' }, 2); }).not.toThrow();
    expect(decodeError(() => { decodeLikeSwift(doc, { type: 'integer' }, 1.5); }).message).toMatch(/expected an integer/);
    expect(decodeError(() => { decodeLikeSwift(doc, { type: 'integer' }, '2'); }).path).toBe('$');
    expect(decodeError(() => { decodeLikeSwift(doc, { type: 'integer', format: 'int32' }, 2 ** 31); }).path).toBe('$');
    expect(() => { decodeLikeSwift(doc, { type: 'number' }, 1.5); }).not.toThrow();
    expect(decodeError(() => { decodeLikeSwift(doc, { type: 'boolean' }, 1); }).path).toBe('$');
    expect(decodeError(() => { decodeLikeSwift(doc, { type: 'string' }, 1); }).path).toBe('$');
  });

  it('minimum, maximum, maxLength, pattern, format uuid are not enforced', () => {
    expect(() => { decodeLikeSwift(doc, { type: 'integer', minimum: 0, maximum: 5 }, -7); }).not.toThrow();
    expect(() => { decodeLikeSwift(doc, { type: 'string', maxLength: 1, pattern: '^a$', format: 'uuid' }, 'not-a-uuid'); }).not.toThrow();
  });

  it('date-time follows the transcoder: fractional seconds required with .iso8601WithFractionalSeconds (the default), refused with .iso8601', () => {
    const date = { type: 'string', format: 'date-time' };
    const withFraction = '2024-05-06T07:08:09.123Z';
    const without = '2024-05-06T07:08:09Z';
    expect(() => { decodeLikeSwift(doc, date, withFraction); }).not.toThrow();
    expect(() => { decodeLikeSwift(doc, date, '2024-05-06T07:08:09.5+02:00', { dateTranscoder: 'iso8601WithFractionalSeconds' }); }).not.toThrow();
    expect(decodeError(() => { decodeLikeSwift(doc, date, without); }).message).toMatch(/iso8601WithFractionalSeconds/);
    expect(() => { decodeLikeSwift(doc, date, without, { dateTranscoder: 'iso8601' }); }).not.toThrow();
    expect(() => { decodeLikeSwift(doc, date, '2024-05-06T07:08:09-05:00', { dateTranscoder: 'iso8601' }); }).not.toThrow();
    expect(decodeError(() => { decodeLikeSwift(doc, date, withFraction, { dateTranscoder: 'iso8601' }); }).path).toBe('$');
    expect(decodeError(() => { decodeLikeSwift(doc, date, '2024-05-06', { dateTranscoder: 'iso8601' }); }).path).toBe('$');
  });

  it('contentEncoding base64 must be valid (padded) base64', () => {
    expect(() => { decodeLikeSwift(doc, { type: 'string', contentEncoding: 'base64' }, 'aGk='); }).not.toThrow();
    expect(decodeError(() => { decodeLikeSwift(doc, { type: 'string', contentEncoding: 'base64' }, 'aGk'); }).path).toBe('$');
  });
});

describe('decodeLikeSwift: arrays', () => {
  it('each element is decoded by items; null elements only where the items are a nullable builtin', () => {
    expect(decodeError(() => { decodeLikeSwift(doc, { type: 'array', items: { type: 'integer' } }, [1, 'x']); }).path).toBe('$[1]');
    expect(decodeError(() => { decodeLikeSwift(doc, { type: 'array', items: { type: 'integer' } }, [1, null]); }).path).toBe('$[1]');
    expect(() => { decodeLikeSwift(doc, { type: 'array', items: { type: ['integer', 'null'] } }, [1, null]); }).not.toThrow();
    expect(() => { decodeLikeSwift(doc, { type: 'array', items: ref('MaybeText') }, ['a', null]); }).not.toThrow();
    expect(() => { decodeLikeSwift(doc, { type: 'array' }, [1, null, 'x']); }).not.toThrow();
  });

  it('nullable inline object items still refuse null (translateArray drops the optional)', () => {
    const items = { type: ['object', 'null'], properties: { a: { type: 'string' } } };
    expect(decodeError(() => { decodeLikeSwift(doc, { type: 'array', items }, [{ a: 'x' }, null]); }).path).toBe('$[1]');
    expect(() => { decodeLikeSwift(doc, { type: 'array', items }, [{ a: 'x' }]); }).not.toThrow();
  });
});

describe('decodeLikeSwift: oneOf, anyOf, allOf', () => {
  it('a discriminator mapping picks the branch, which must then decode', () => {
    expect(oneOfCaseLikeSwift(doc, schemas.Event, { type: 'running', progress: 3 })).toBe(0);
    expect(oneOfCaseLikeSwift(doc, schemas.Event, { type: 'canceled' })).toBe(1);
    expect(oneOfCaseLikeSwift(doc, schemas.Event, { type: 'halt' })).toBe(2);
    expect(decodeError(at('Event', { type: 'running' })).path).toBe('$.progress');
    // "stopped" maps to Canceled, whose `type` const is "canceled": the mapped branch itself refuses the value.
    expect(decodeError(at('Event', { type: 'stopped' })).message).toMatch(/\$\.type: "stopped" is not one of/);
  });

  it('an unknown or missing discriminator value is an error; a mapped component is no longer reachable by its own name', () => {
    expect(decodeError(at('Event', { type: 'paused' })).message).toMatch(/unknown discriminator value "paused"/);
    expect(decodeError(at('Event', { progress: 1 })).path).toBe('$.type');
    expect(decodeError(at('Event', { type: 7 })).path).toBe('$.type');
    expect(decodeError(at('Event', { type: 'Stopped' })).message).toMatch(/unknown discriminator value "Stopped"/);
  });

  it('without a mapping only the component name (case-sensitive) or its full $ref selects a branch; inline branches are ignored', () => {
    expect(oneOfCaseLikeSwift(doc, schemas.Unmapped, { type: 'Stopped' })).toBe(2);
    expect(oneOfCaseLikeSwift(doc, schemas.Unmapped, { type: '#/components/schemas/Stopped' })).toBe(2);
    expect(decodeError(at('Unmapped', { type: 'canceled' })).message).toMatch(/unknown discriminator value "canceled"/);
    // "Canceled" selects the Canceled branch, whose const then refuses it: such a oneOf can never decode a Canceled.
    expect(decodeError(at('Unmapped', { type: 'Canceled' })).message).toMatch(/is not one of the enum values \["canceled"\]/);
    const withInline = { oneOf: [ref('Running'), { type: 'object', properties: { type: { type: 'string' } } }], discriminator: { propertyName: 'type' } };
    expect(decodeError(() => { decodeLikeSwift(doc, withInline, { type: 'inline' }); }).message).toMatch(/unknown discriminator value "inline"/);
    expect(unsupportedSchemas({ components: { schemas: { Running: schemas.Running, WithInline: withInline } } })).toEqual([]);
  });

  it('without a discriminator the first case that decodes wins: a string const tells branches apart, a boolean const does not', () => {
    const byConst = { oneOf: [ref('Running'), ref('Canceled')] };
    expect(oneOfCaseLikeSwift(doc, byConst, { type: 'canceled' })).toBe(1);
    expect(oneOfCaseLikeSwift(doc, byConst, { type: 'running', progress: 1 })).toBe(0);
    const byFlag = { oneOf: [
      { type: 'object', properties: { done: { type: 'boolean', const: false } }, required: ['done'] },
      { type: 'object', properties: { done: { type: 'boolean', const: true }, result: { type: 'string' } }, required: ['done'] },
    ] };
    expect(oneOfCaseLikeSwift(doc, byFlag, { done: true, result: 'x' })).toBe(0);
    expect(decodeError(() => { decodeLikeSwift(doc, byConst, { type: 'paused' }); }).message).toMatch(/no case decodes/);
  });

  it('anyOf needs one branch that decodes (null never does); allOf needs every branch', () => {
    const any = { anyOf: [{ type: 'integer' }, { type: 'string' }] };
    expect(() => { decodeLikeSwift(doc, any, 'x'); }).not.toThrow();
    expect(decodeError(() => { decodeLikeSwift(doc, any, true); }).message).toMatch(/anyOf/);
    expect(decodeError(() => { decodeLikeSwift(doc, { type: 'object', properties: { v: any }, required: ['v'] }, { v: null }); }).path).toBe('$.v');
    const all = { allOf: [ref('Child'), { type: 'object', properties: { age: { type: 'integer' } }, required: ['age'] }] };
    expect(() => { decodeLikeSwift(doc, all, { name: 'a', age: 1 }); }).not.toThrow();
    expect(decodeError(() => { decodeLikeSwift(doc, all, { name: 'a' }); }).path).toBe('$.age');
  });

  it('allOf of closed objects refuses every value with keys from the other branch', () => {
    const closed = (k: string) => ({ type: 'object', properties: { [k]: { type: 'string' } }, required: [k], additionalProperties: false });
    expect(decodeError(() => { decodeLikeSwift(doc, { allOf: [closed('a'), closed('b')] }, { a: 'x', b: 'y' }); }).path).toBe('$.b');
  });
});

describe('decodeSseLikeSwift', () => {
  const sse: OpenApiDoc = { components: { schemas: { Tick: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } } } };
  const parse = (body: string) => decodeSseLikeSwift(sse, ref('Tick'), body);

  it('retry-only and comment-only blocks are events without data', () => {
    expect(parse('retry: 2000\n\n')).toEqual([{}]);
    expect(parse(': ping\n\n')).toEqual([{}]);
  });

  it('reads id, event and JSON data (data lines joined by \\n)', () => {
    expect(parse('id: 3\ndata: {"n":\ndata: 1}\n\n')).toEqual([{ id: '3', data: { n: 1 } }]);
    expect(parse('event: tick\r\nid:4\r\ndata:{"n":2}\r\n\r\n')).toEqual([{ event: 'tick', id: '4', data: { n: 2 } }]);
  });

  it('an event with no data line has data undefined and is not decoded', () => {
    const events = parse('event: end\n\n');
    expect(events).toEqual([{ event: 'end' }]);
    expect(events[0]?.data).toBeUndefined();
  });

  it('data `{}` is decoded, and fails when fields are required', () => {
    const error = decodeError(() => parse('event: end\ndata: {}\n\n'));
    expect(error.path).toBe('$.n');
    expect(error.message).toMatch(/SSE event #0/);
  });

  it('a bad event is reported with its index; empty data is not JSON; an unterminated last event is dropped', () => {
    expect(decodeError(() => parse('data: {"n":1}\n\ndata: {"n":"x"}\n\n')).message).toMatch(/SSE event #1/);
    expect(decodeError(() => parse('data:\n\n')).message).toMatch(/not JSON/);
    expect(parse('data: {"n":1}\n\ndata: {"n":"x"}\n')).toEqual([{ data: { n: 1 } }]);
  });
});
