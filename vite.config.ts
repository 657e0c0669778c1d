import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const apiTarget = process.env.WEFT_API ?? 'http://127.0.0.1:8080';
/**
 * The store the unit, system and browser tests' runtimes use: SQLite unless WEFT_TEST_STORE=postgres says
 * otherwise. Every project sets it for its own workers, which may have run another project's files before.
 */
const testStore = { WEFT_TEST_STORE: process.env.WEFT_TEST_STORE ?? 'sqlite' };
/** Global setup of every project: the runtime processes tests start run the bundle, built when stale. */
const runtimeBuild = 'test/support/runtime-build.ts';

/**
 * Tests that start runtime or CLI processes (and kill, freeze or restart them), the sample systems' whole
 * demo day, or push thousands of runs through a runtime.
 */
const SYSTEM_TESTS = [
  'test/chaos/**/*.test.ts',
  'test/cluster/**/*.test.ts',
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

/**
 * The tests of the engine, the services, the API, hostile input and a crash, run again on PostgreSQL (npm run
 * test:postgres): each runtime they build gets a database of its own on the test server, one per data folder
 * when they name one (test/support/weft.ts, runtime-process.ts). Tests about SQLite itself (its file,
 * PRAGMAs, backups) skip themselves there; the store's parts test both dialects in the unit run already.
 */
const POSTGRES_TESTS = [
  'runtime/engine/**/*.test.ts',
  'runtime/flows/**/*.test.ts',
  'runtime/retention/**/*.test.ts',
  'runtime/security/**/*.test.ts',
  // Metrics of runs, steps and group commits (cluster admission's queue on PostgreSQL).
  'runtime/telemetry/metrics-*.test.ts',
  'test/api/**/*.test.ts',
  'test/hostile/**/*.test.ts',
  // kill -9 under load and a restart: runtime processes on the database that stands for their data folder.
  'test/crash/kill-during-load.test.ts',
  'test/crash/kill-mid-loop.test.ts',
  'test/crash/kill-mid-file-loop.test.ts',
  // A CSV parsed to a run's file and looped over, and a loop over a file taken up again after a restart.
  'test/csv-file-loop.test.ts',
];
/** Of those, the ones the PostgreSQL run leaves out. */
const NOT_ON_POSTGRES = [
  // A runtime process under hostile input (not about the store), and the SQLite file's size.
  'test/hostile/process-survives.test.ts',
  'test/hostile/expression-limits.test.ts',
  'runtime/retention/reclaim-space.test.ts',
  // On PostgreSQL already, in the unit run.
  'runtime/engine/cluster-*.test.ts',
  // Thousands of runs (a system test).
  'runtime/engine/engine-ordering.test.ts',
  // Expressions, the sandbox, request validation and the API's shape: nothing the store does differently.
  'runtime/engine/expression*.test.ts',
  'test/hostile/sandbox-escape.test.ts',
  'test/hostile/expressions.test.ts',
  'test/api/stored-values.test.ts',
  'test/api/api-contract.test.ts',
  'test/api/openapi-*.test.ts',
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
    // unit: pure and in-process tests (npm run test:unit); postgres: the engine, service and API tests
    // again on PostgreSQL (npm run test:postgres); system: tests that start runtime or CLI processes, kill
    // and freeze them, or push thousands of runs (npm run test:system); browser: the designer in Chromium
    // (npm run test:browser), built once by its global setup.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          env: testStore,
          include: ['{shared,nodes,runtime,designer,flows,test}/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', 'test/e2e/**', ...SYSTEM_TESTS],
          globalSetup: [runtimeBuild],
          sequence: { groupOrder: 0 },
          // The files share their workers' module cache: each worker imports the runtime once, not once per
          // file. They may: no file mocks modules or stubs globals, and each builds its own runtime. Much of
          // their time is spent waiting (time limits, sockets), so every core gets a worker, and at least two.
          isolate: false,
          maxWorkers: Math.max(2, availableParallelism()),
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: POSTGRES_TESTS,
          exclude: ['**/node_modules/**', ...NOT_ON_POSTGRES],
          env: { WEFT_TEST_STORE: 'postgres' },
          globalSetup: [runtimeBuild, 'test/support/postgres-leftovers.ts'],
          sequence: { groupOrder: 1 },
          isolate: false,
          maxWorkers: Math.max(2, availableParallelism()),
        },
      },
      {
        extends: true,
        test: {
          name: 'system',
          include: SYSTEM_TESTS,
          env: testStore,
          globalSetup: [runtimeBuild],
          sequence: { groupOrder: 2 },
          // Two files at a time even on two cores: their processes spend most of their time waiting on
          // each other, on sockets and on disk flushes (the project took 224 s this way against 285 s).
          maxWorkers: Math.max(2, availableParallelism()),
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          env: testStore,
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: [runtimeBuild, 'test/support/designer-build.ts'],
          sequence: { groupOrder: 3 },
          // Two browsers at a time (244 s against about 300 s one after the other).
          maxWorkers: Math.max(2, availableParallelism()),
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
