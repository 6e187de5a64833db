import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The web console: `console/` built to `dist/console`, which the server serves at `/`. */
export default defineConfig({
  root: fileURLToPath(new URL('./console', import.meta.url)),
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('./dist/console', import.meta.url)),
    emptyOutDir: true,
    // No inline scripts or styles: the console's Content-Security-Policy allows none.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
  },
});
