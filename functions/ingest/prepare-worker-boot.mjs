// Entry of an ingest worker thread. A worker does not inherit the TypeScript loader its parent
// runs under (tsx registers its hooks per thread), so it registers it here when the worker's
// module is TypeScript source, then loads that module.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
