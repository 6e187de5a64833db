import { appRouter } from '../src/router/app.js';
import { buildOpenApiDocument } from '../src/server/openapi.js';
const doc = buildOpenApiDocument(appRouter, '0.1.0');
const r = doc.paths?.['/jobs/{jobId}/retry']?.post?.responses;
console.log(Object.entries(r ?? {}).map(([k, v]) => k + ' ' + JSON.stringify(v).slice(0, 120)).join('\n'));
console.log(Object.keys(doc.components?.schemas ?? {}), JSON.stringify(doc).length);
