// @ts-check
import { dirname, relative, resolve } from 'node:path';

/**
 * `layers/boundaries`: an import from one src/ layer into a layer it must not depend on is an error.
 * Relative imports are resolved against the importing file, so a file's own name never matters
 * (src/db/client.ts is not src/client/). Options: `{ root, rules: { [layer]: { forbid: string[], why } } }`
 * where a layer is a path under `root` (e.g. `src/jobs`, `src/db/repos`, `test`).
 */
/** @type {import('eslint').Rule.RuleModule} */
export const boundaries = {
  meta: {
    type: 'problem',
    schema: [{ type: 'object', properties: { root: { type: 'string' }, rules: { type: 'object' } }, required: ['root', 'rules'] }],
    messages: { forbidden: '{{from}} must not import {{to}}: {{why}}.' },
  },
  create(context) {
    const { root, rules } = /** @type {{ root: string; rules: Record<string, { forbid: string[]; why: string }> }} */ (context.options[0]);
    const within = (/** @type {string} */ path, /** @type {string} */ layer) => path === layer || path.startsWith(`${layer}/`) || path.startsWith(`${layer}.`);
    const file = relative(root, context.filename).split('\\').join('/');
    const own = Object.keys(rules).filter((layer) => within(file, layer)).sort((a, b) => b.length - a.length)[0];
    if (own === undefined) return {};
    const { forbid, why } = rules[own] ?? { forbid: [], why: '' };
    /** @param {import('estree').ImportDeclaration | import('estree').ExportNamedDeclaration | import('estree').ExportAllDeclaration | import('estree').ImportExpression} node */
    const check = (node) => {
      const source = node.source && 'value' in node.source ? node.source.value : undefined;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = relative(root, resolve(dirname(context.filename), source)).split('\\').join('/');
      const hit = forbid.find((layer) => within(target, layer));
      if (hit) context.report({ node, messageId: 'forbidden', data: { from: own, to: hit, why } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};
