// Starts the span export thread from the TypeScript sources (tests, development): tsx compiles the
// worker's modules. The bundled runtime starts runtime/dist/span-export-worker.mjs instead.
import { register } from 'tsx/esm/api';

register();
await import('./span-export-worker.ts');
