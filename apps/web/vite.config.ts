import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import { defineConfig, type Plugin } from 'vite';

// `npx vite` proxies /api to a running API: `API_URL=http://localhost:3100 npx vite`.
const apiUrl = process.env.API_URL ?? 'http://localhost:3000';

/**
 * The board readout (the landing page) draws a chart as soon as its first figures arrive, so
 * its chart chunk (Recharts) is preloaded with the entry instead of being discovered after the
 * entry has run. It stays a separate chunk: the other pages' code and the panels do not wait.
 */
function preloadCharts(): Plugin {
  return {
    name: 'partner-kpi:preload-charts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.name === 'plots');
        if (!chunk) throw new Error('no plots chunk to preload: was src/charts/plots.tsx renamed?');
        return [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${chunk.fileName}` }, injectTo: 'head' }];
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), preloadCharts()],
  resolve: {
    // The SPA reads the metric contract (types, fiscal calendar) from the library's source.
    alias: { '@partner-kpi/metrics': fileURLToPath(new URL('../../libs/metrics/src/index.ts', import.meta.url)) },
  },
  server: { proxy: { '/api': apiUrl } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    rolldownOptions: {
      // The library is pure code (no module runs anything at import time that matters here),
      // but its package does not say so: without this, its decimal arithmetic (decimal.js,
      // used by the API's computations only) would ship in the SPA's first chunk.
      treeshake: { moduleSideEffects: (id: string) => (id.includes('/libs/metrics/src/') ? false : undefined) },
    },
  },
});
