import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { unsupportedSchemas, type OpenApiDoc } from '../helpers/swift-decoder.js';

/**
 * The committed `openapi.json` read as swift-openapi-generator (and any strict typed generator)
 * reads it. Each rule names a way a generated client broke before; the test lists every place.
 */
type Json = Record<string, unknown>;
const doc = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')) as OpenApiDoc & { paths: Record<string, Record<string, Json>> };
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every object node under `node` with its JSON pointer. */
function* nodes(node: unknown, pointer = ''): Generator<[string, Json]> {
  if (Array.isArray(node)) for (const [i, child] of node.entries()) yield* nodes(child, `${pointer}/${i}`);
  if (!isObject(node)) return;
  yield [pointer, node];
  for (const [key, child] of Object.entries(node)) yield* nodes(child, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
}

const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op })));
const componentNames = new Set(Object.keys(doc.components?.schemas ?? {}));
const resolveHeader = (h: unknown): Json | undefined => {
  const ref = isObject(h) && typeof h.$ref === 'string' ? h.$ref : undefined;
  const headers = (doc.components as { headers?: Record<string, Json> } | undefined)?.headers;
  return ref ? headers?.[ref.split('/').at(-1) ?? ''] : isObject(h) ? h : undefined;
};

/** A union of request shapes told apart by a required key that no other branch declares (the CSV body: `csv` or `csvBase64`). */
function branchesExclusiveByRequiredKey(branches: unknown[]): boolean {
  const shapes = branches.map((b) => (isObject(b) && typeof b.$ref === 'string' ? doc.components?.schemas?.[b.$ref.split('/').at(-1) ?? ''] : b) as Json | undefined);
  return shapes.every((shape, i) => {
    const required = (shape?.required as string[] | undefined) ?? [];
    return required.some((key) => shapes.every((other, j) => j === i || !(key in ((other?.properties as Json | undefined) ?? {}))));
  });
}

describe('openapi.json, as a Swift client generator reads it', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('writes "X or null" as a type array, never as a union with a {type: "null"} branch, and closes no object', () => {
    const nullBranches = [...nodes(doc)].filter(([, n]) => ['anyOf', 'oneOf', 'allOf'].some((k) => Array.isArray(n[k]) && (n[k] as unknown[]).some((b) => isObject(b) && b.type === 'null')));
    expect(nullBranches.map(([p]) => p)).toEqual([]);
    expect(unsupportedSchemas(doc)).toEqual([]);
    expect([...nodes(doc)].filter(([, n]) => n.additionalProperties === false).map(([p]) => p)).toEqual([]);
  });

  it('gives every oneOf a discriminator with a mapping to named schemas (a request-body union only when its branches are told apart by a required key)', () => {
    const bad = [...nodes(doc)]
      .filter(([, n]) => Array.isArray(n.oneOf))
      .filter(([pointer, n]) => {
        const discriminator = n.discriminator as { propertyName?: string; mapping?: Record<string, string> } | undefined;
        if (discriminator?.mapping) return !Object.values(discriminator.mapping).every((ref) => componentNames.has(ref.split('/').at(-1) ?? ''));
        return !(pointer.includes('/requestBody/') && branchesExclusiveByRequiredKey(n.oneOf as unknown[]));
      });
    expect(bad.map(([p]) => p)).toEqual([]);
    const events = doc.components?.schemas?.JobEvent as Json;
    expect(Object.keys((events.discriminator as { mapping: Json }).mapping).sort()).toEqual(
      ['canceled', 'completed', 'failed', 'item', 'phase', 'photo', 'progress', 'review', 'status', 'warning'],
    );
  });

  it('gives every operation an operationId, a summary, a description, tags and its error answers; every 429 says Retry-After', () => {
    const problems: string[] = [];
    for (const { where, op } of operations) {
      for (const key of ['operationId', 'summary', 'description'] as const) if (typeof op[key] !== 'string' || op[key] === '') problems.push(`${where}: no ${key}`);
      const responses = (op.responses ?? {}) as Record<string, Json>;
      const errors = Object.keys(responses).filter((s) => Number(s) >= 400);
      if (errors.length === 0) problems.push(`${where}: no error response`);
      for (const status of errors) {
        const schema = (responses[status]?.content as Record<string, { schema?: Json }> | undefined)?.['application/json']?.schema;
        if (schema?.$ref !== '#/components/schemas/ApiError') problems.push(`${where} ${status}: not ApiError`);
      }
      const tooMany = responses['429'];
      if (tooMany && resolveHeader((tooMany.headers as Json | undefined)?.['Retry-After'])?.required !== true) problems.push(`${where} 429: no required Retry-After`);
      if (!Array.isArray(op.tags) || op.tags.length === 0) problems.push(`${where}: no tag`);
    }
    expect(problems).toEqual([]);
    const declared = new Set((doc.tags as { name: string }[]).map((t) => t.name));
    expect(operations.flatMap(({ op }) => op.tags as string[]).filter((t) => !declared.has(t))).toEqual([]);
    expect(doc.info).toMatchObject({ contact: { name: expect.any(String) as string }, license: { name: expect.any(String) as string } });
  });

  it('names every object shape that two or more operations share', () => {
    const usedBy = new Map<string, Set<string>>();
    for (const { where, op } of operations) {
      for (const [, n] of nodes(op)) {
        if (!isObject(n.properties) || Object.keys(n.properties).length === 0) continue;
        const key = JSON.stringify(n);
        usedBy.set(key, (usedBy.get(key) ?? new Set()).add(where));
      }
    }
    const shared = [...usedBy].filter(([, ops]) => ops.size > 1).map(([shape, ops]) => `${[...ops].join(', ')}: ${shape.slice(0, 100)}`);
    expect(shared).toEqual([]);
    for (const name of ['JobSnapshot', 'JobEvent', 'ResultItem', 'ImportedBook', 'BookRecord', 'BookCandidate', 'ReviewItem', 'JobStarted', 'ScanStarted', 'JobResultsPage', 'JobEventsPage', 'ReviewPage', 'ApiError']) {
      expect(componentNames, name).toContain(name);
    }
  });
});
