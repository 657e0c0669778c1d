import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const apiTarget = process.env.WEFT_API ?? 'http://127.0.0.1:8080';

/**
 * Tests that start runtime or CLI processes (and kill, freeze or restart them), the sample systems' whole
 * demo day, or push thousands of runs through a runtime.
 */
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
  'runtime/engine/engine-ordering.test.ts',
  'runtime/retention/reclaim-space.test.ts',
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
    // processes, kill and freeze them, or push thousands of runs (npm run test:system); browser: the
    // designer in Chromium (npm run test:browser), built once by its global setup.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{shared,nodes,runtime,designer,flows,test}/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', 'test/bench/**', 'test/e2e/**', ...SYSTEM_TESTS],
          sequence: { groupOrder: 0 },
          // The files share their workers' module cache: each worker imports the runtime once, not once per
          // file. They may: no file mocks modules or stubs globals, and each builds its own runtime. Much of
          // their time is spent waiting (time limits, sockets), so every core gets a worker, and at least two.
          isolate: false,
          maxWorkers: Math.max(2, availableParallelism()),
        },
      },
      { extends: true, test: { name: 'system', include: SYSTEM_TESTS, sequence: { groupOrder: 1 } } },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/designer-build.ts'],
          sequence: { groupOrder: 2 },
        },
      },
    ],
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
