/**
 * The console's build: a Preact single-page app, every asset bundled (no CDN), no inline script
 * or style in index.html, so it runs under a CSP without `unsafe-inline`.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Vite inlines small assets as data: URIs by default; the CSP allows files from 'self' only.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
