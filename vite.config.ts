import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const apiTarget = process.env.WEFT_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: 'designer',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: {
      '/api': apiTarget,
      '/hooks': apiTarget,
      '/healthz': apiTarget,
    },
  },
  test: {
    root: '.',
    // Browser tests run after the rest, so the 300-node timing is not measured beside the chaos test.
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          include: ['{shared,nodes,runtime,designer,flows,test}/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', 'test/bench/**', 'test/e2e/**'],
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'browser', include: ['test/e2e/**/*.test.ts'], sequence: { groupOrder: 1 } } },
    ],
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
