import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const apiTarget = process.env.WEFT_API ?? 'http://127.0.0.1:8080';

/** Tests that start runtime or CLI processes (and kill, freeze or restart them), or the sample systems' whole demo day. */
const SYSTEM_TESTS = [
  'test/chaos/**/*.test.ts',
  'test/demo/**/*.test.ts',
  'test/faults/**/*.test.ts',
  'test/crash/**/*.test.ts',
  'test/cli/**/*.test.ts',
  'test/security/**/*.test.ts',
  'test/hostile/process-survives.test.ts',
  'test/hostile/expression-limits.test.ts',
  'test/api/audit.test.ts',
];

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
    // unit: pure and in-process tests (npm run test:unit); system: tests that start runtime or CLI
    // processes, kill and freeze them (npm run test:system); browser: the designer in Chromium
    // (npm run test:browser), last, so the 300-node timing is not measured beside the chaos test.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{shared,nodes,runtime,designer,flows,test}/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', 'test/bench/**', 'test/e2e/**', ...SYSTEM_TESTS],
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'system', include: SYSTEM_TESTS, sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: 'browser', include: ['test/e2e/**/*.test.ts'], sequence: { groupOrder: 2 } } },
    ],
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
