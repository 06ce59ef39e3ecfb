import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The SPA lives in web/ and is served by the API server from dist/web (same origin, strict CSP: no inline scripts,
// nothing external). `npm run dev`-style work: `npx vite` proxies /api to a server on :3000.
export default defineConfig({
  root: 'web',
  publicDir: false,
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: {
      // Contracts shared with the server import src/db/ids.ts (UUIDv7, node:crypto). The browser never generates
      // ids; this shim keeps the bundle free of Node built-ins.
      'node:crypto': here('./web/shims/node-crypto.ts'),
    },
  },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // Fonts are bundled (LGWAN: no CDN); keep each font subset as its own file rather than inlining.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
