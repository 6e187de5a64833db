import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import { isRecord, type OpenApiDoc } from './document.js';

// Schema validation (ajv, JSON Schema 2020-12)

const DOC_ID = 'https://bookstrack.invalid/openapi.json';

/** A local `$ref` (`#/...`) rewritten to point into the document registered under `DOC_ID`. */
function absoluteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(absoluteRefs);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${DOC_ID}${v}` : absoluteRefs(v)]));
}

export interface SchemaProblem {
  /** `$.data.issues[0]`, the place in the body. */
  path: string;
  message: string;
}

/** Validates values against schemas of the document; `#/components/...` refs resolve in it. */
export interface SchemaChecker {
  validate(schema: unknown, value: unknown): SchemaProblem[];
}

/** JSON pointer (`/data/issues/0`) → `$.data.issues[0]`. */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '$';
  return `$${pointer
    .split('/')
    .slice(1)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((key) => (/^\d+$/.test(key) ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`))
    .join('')}`;
}

function describeError(e: ErrorObject): SchemaProblem {
  const params = e.params as Record<string, unknown>;
  let path = pointerToPath(e.instancePath);
  let message = e.message ?? e.keyword;
  if (e.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    path = `${path}.${params.additionalProperty}`;
    message = 'is not in the schema (additionalProperties: false)';
  } else if (e.keyword === 'required' && typeof params.missingProperty === 'string') {
    path = `${path}.${params.missingProperty}`;
    message = 'is required but missing';
  } else if (e.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    message = `must be one of ${JSON.stringify(params.allowedValues)}`;
  } else if (e.keyword === 'const') {
    message = `must be ${JSON.stringify(params.allowedValue)}`;
  }
  return { path, message: `${message} [${e.schemaPath.replace(DOC_ID, '')}]` };
}

const UNIONS = new Set(['oneOf', 'anyOf']);
const within = (path: string, outer: string) => path === outer || path.startsWith(`${outer}/`);

export function createSchemaChecker(doc: OpenApiDoc): SchemaChecker {
  const ajv = new Ajv2020({
    strict: true,
    // The document's types are what they are (zod writes `type` arrays and tuples); the checks that matter are on values.
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    allErrors: true,
    // Errors carry the failing subschema and value: a failed union is explained by its closest branch.
    verbose: true,
    validateFormats: true,
  });
  // ajv-formats is CommonJS: Node hands ESM its module.exports, which also carries `.default`.
  const addFormats = (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);
  addFormats(ajv);
  // OpenAPI's own formats (ajv-formats knows the JSON Schema ones).
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
  ajv.addFormat('binary', true);
  ajv.addFormat('password', true);
  // OpenAPI 3.1 adds these keywords to JSON Schema 2020-12; they annotate and do not validate.
  // (`discriminator` is ignored here: `oneOf`/`anyOf` already decide validity.)
  ajv.addVocabulary(['discriminator', 'example', 'xml', 'externalDocs']);
  // ajv knows OpenAPI 3.0's `nullable`; in 3.1 it means nothing (null is a type): strict mode then refuses it.
  ajv.removeKeyword('nullable');
  // `components` holds the document's schemas under DOC_ID; refs resolve into it by JSON pointer.
  ajv.addKeyword({ keyword: 'components' });
  ajv.addSchema({ $id: DOC_ID, components: absoluteRefs(doc.components ?? {}) });

  const compiled = new Map<string, ValidateFunction | Error>();
  /** `schema` must already point into DOC_ID (absoluteRefs). */
  const compile = (schema: unknown): ValidateFunction | Error => {
    const key = JSON.stringify(schema);
    let fn = compiled.get(key);
    if (fn === undefined) {
      try {
        fn = typeof schema === 'boolean' || isRecord(schema) ? ajv.compile(schema) : ajv.compile({ const: schema });
      } catch (error: unknown) {
        fn = error instanceof Error ? error : new Error(String(error));
      }
      compiled.set(key, fn);
    }
    return fn;
  };

  /**
   * With `allErrors`, a failed `oneOf`/`anyOf` reports every branch's complaints. Each outermost
   * failed union becomes one problem, explained by its closest branch (the one with the fewest
   * problems, itself explained the same way); other errors are reported as they are.
   */
  const problems = (fn: ValidateFunction, value: unknown, depth: number): SchemaProblem[] => {
    if (fn(value)) return [];
    const errors = [...(fn.errors ?? [])];
    const unions = errors.filter((e) => UNIONS.has(e.keyword)).sort((a, b) => a.instancePath.length - b.instancePath.length);
    const covered: string[] = [];
    const out: SchemaProblem[] = [];
    for (const u of unions) {
      if (covered.some((p) => within(u.instancePath, p))) continue;
      covered.push(u.instancePath);
      out.push(explainUnion(u, depth));
    }
    const seen = new Set<string>();
    for (const e of errors) {
      if (UNIONS.has(e.keyword) || covered.some((p) => within(e.instancePath, p))) continue;
      const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(describeError(e));
    }
    return out;
  };

  const explainUnion = (u: ErrorObject, depth: number): SchemaProblem => {
    const path = pointerToPath(u.instancePath);
    const where = `[${u.schemaPath.replace(DOC_ID, '')}]`;
    const passing = (u.params as { passingSchemas?: unknown }).passingSchemas;
    if (Array.isArray(passing)) return { path, message: `matches more than one ${u.keyword} branch (${passing.join(', ')}) ${where}` };
    const branches: unknown[] = Array.isArray(u.schema) ? (u.schema as unknown[]) : [];
    let best: { index: number; found: SchemaProblem[] } | undefined;
    if (depth < 6) {
      branches.forEach((branch, index) => {
        const fn = compile(branch);
        const found = fn instanceof Error ? [{ path: '$', message: `does not compile: ${fn.message}` }] : problems(fn, u.data, depth + 1);
        if (best === undefined || found.length < best.found.length) best = { index, found };
      });
    }
    const closest = best ? `; the closest (#${best.index}): ${best.found.slice(0, 4).map((p) => `${p.path === '$' ? '' : `${p.path.slice(1)} `}${p.message}`).join('; ')}${best.found.length > 4 ? '; …' : ''}` : '';
    return { path, message: `matches none of the ${branches.length} ${u.keyword} branches${closest} ${where}` };
  };

  return {
    validate(schema, value) {
      const fn = compile(absoluteRefs(schema));
      if (fn instanceof Error) return [{ path: '$', message: `the documented schema does not compile: ${fn.message}` }];
      return problems(fn, value, 0);
    },
  };
}
