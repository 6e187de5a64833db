/**
 * Rewrites of the generated JSON Schemas into the shapes typed client generators read reliably
 * (swift-openapi-generator above all). Each is a pure function on the document; `build.ts` runs them.
 */
type Json = unknown;
type Schema = Record<string, Json>;
/** The parts of an OpenAPI document these rewrites touch. */
export interface SchemaDoc {
  components?: { schemas?: Record<string, Schema> } & Record<string, unknown>;
  [key: string]: unknown;
}

const REF_PREFIX = '#/components/schemas/';

function isObject(value: Json): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Visits every object in `node` depth-first, children before parents, and lets `visit` replace it. */
function rewrite(node: Json, visit: (schema: Schema) => Schema): Json {
  if (Array.isArray(node)) return node.map((child) => rewrite(child, visit));
  if (!isObject(node)) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) out[key] = rewrite(value, visit);
  return visit(out);
}

function rewriteDoc(doc: SchemaDoc, visit: (schema: Schema) => Schema): void {
  for (const [key, value] of Object.entries(doc)) doc[key] = rewrite(value, visit);
}

/**
 * Response objects stay open: `additionalProperties: false` makes every shipped client throw the
 * day a field is added, and a generator that drops a property it cannot type (Swift) then throws
 * on that key too. Inputs lose nothing by it: unknown keys are stripped by the input schemas.
 */
export function openObjects(doc: SchemaDoc): void {
  rewriteDoc(doc, (schema) => {
    if (schema.additionalProperties !== false) return schema;
    const { additionalProperties: _closed, ...open } = schema;
    return open;
  });
}

/**
 * zod-openapi names a schema's output form `XOutput` when it differs from its input form (as
 * `additionalProperties: false` made it); once objects are open the two are the same, so one
 * name is kept and every `$ref` points at it.
 */
export function mergeOutputTwins(doc: SchemaDoc): void {
  const schemas = doc.components?.schemas;
  if (!schemas) return;
  const renamed = new Map<string, string>();
  const kept = Object.entries(schemas).filter(([name, schema]) => {
    const base = name.endsWith('Output') ? name.slice(0, -'Output'.length) : undefined;
    if (base === undefined || !(base in schemas) || JSON.stringify(schema) !== JSON.stringify(schemas[base])) return true;
    renamed.set(`${REF_PREFIX}${name}`, `${REF_PREFIX}${base}`);
    return false;
  });
  if (renamed.size === 0) return;
  if (doc.components) doc.components.schemas = Object.fromEntries(kept);
  rewriteDoc(doc, (schema) => {
    const target = typeof schema.$ref === 'string' ? renamed.get(schema.$ref) : undefined;
    return target === undefined ? schema : { ...schema, $ref: target };
  });
}

const isNullSchema = (s: Json): boolean => isObject(s) && s.type === 'null' && Object.keys(s).length === 1;

/** `X`, made to accept null as well, in the `type: [T, "null"]` form. */
function nullableForm(schema: Schema, resolve: (ref: string) => Schema, where: string): Schema {
  if (typeof schema.$ref === 'string') {
    // A reference cannot carry `type` (siblings of `$ref` are and-ed): the target is written in place.
    const { $ref, ...siblings } = schema;
    return nullableForm({ ...resolve($ref), ...siblings }, resolve, where);
  }
  if (typeof schema.type === 'string') {
    const out: Schema = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum)) out.enum = [...(schema.enum as Json[]), null];
    return out;
  }
  if (Object.keys(schema).every((k) => k === 'description' || k === 'title')) return schema; // any value, null included
  throw new Error(`openapi: cannot write a nullable ${JSON.stringify(schema).slice(0, 120)} (at ${where}) as a type array`);
}

/**
 * `anyOf: [X, {type: "null"}]` (zod's nullable) becomes `type: [T, "null"]`: swift-openapi-generator
 * cannot type a `null` branch and silently drops the property (its issues #817 and #906). A nullable
 * reference is written as the referenced object in place, made nullable, since `$ref` and `type`
 * cannot be combined; the named component stays non-null for its other uses.
 */
export function nullableAsTypeArrays(doc: SchemaDoc): void {
  const schemas = doc.components?.schemas ?? {};
  const resolve = (ref: string): Schema => {
    const target = ref.startsWith(REF_PREFIX) ? schemas[ref.slice(REF_PREFIX.length)] : undefined;
    if (!target) throw new Error(`openapi: unresolved reference ${ref}`);
    return target;
  };
  const visit = (schema: Schema): Schema => {
    for (const key of ['anyOf', 'oneOf'] as const) {
      const branches = schema[key];
      if (!Array.isArray(branches) || branches.length !== 2 || !branches.some(isNullSchema)) continue;
      const other: unknown = (branches as unknown[]).find((b) => !isNullSchema(b));
      if (!isObject(other)) continue;
      const siblings = Object.fromEntries(Object.entries(schema).filter(([k]) => k !== key));
      // An inlined target is rewritten too (it may hold nullable fields of its own).
      return { ...nullableForm(other, (ref) => rewrite(resolve(ref), visit) as Schema, key), ...siblings };
    }
    return schema;
  };
  rewriteDoc(doc, visit);
}
