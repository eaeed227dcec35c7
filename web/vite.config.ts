import { defineConfig } from 'vite';

// The portal is a static single-page app: served by the API server at `/`, or deployed to any
// static host (Vercel) with VITE_API_URL pointing at the API.
export default defineConfig({
  root: __dirname,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      // Radix marks its modules "use client" for React Server Components; a SPA has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  esbuild: { jsx: 'automatic' },
  server: { proxy: { '/api': 'http://localhost:8080', '/mcp': 'http://localhost:8080' } },
});
