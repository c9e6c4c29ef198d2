import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The web console: built into web/dist and served by the gateway at /dashboard (see
 * src/dashboard/dashboard.ts). `npm run dev:web` serves it with hot reload and sends API calls to
 * a gateway on :8080.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The budget is 500 KB gzipped in all (test/browser/bundle-size); warn early per chunk.
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      onwarn(warning, warn) {
        // TanStack Query marks modules "use client" (for React Server Components): moot here.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: Object.fromEntries(
      ['/admin', '/usage', '/v1', '/health', '/docs-json'].map((p) => [p, 'http://127.0.0.1:8080']),
    ),
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./vitest.setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});
