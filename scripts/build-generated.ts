/**
 * Regenerates every generated module of functions/core/generated/ (`npm run build:generated`).
 * Each builder is a pure function of data-schemas/ (or of the view SQL); tests/unit/generated-code.test.ts fails
 * while an output is stale or while a file there has no builder.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as unitsIndex from './build-units-index.ts';
import * as validators from './build-validators.ts';
import * as viewReads from './build-view-reads.ts';

/** Output file → the function that produces its text. */
export const BUILDERS: { file: string; build: () => string }[] = [
  { file: unitsIndex.GENERATED, build: unitsIndex.generateUnitsIndex },
  { file: validators.GENERATED, build: validators.generateReportValidator },
  { file: viewReads.GENERATED, build: viewReads.generateViewReads },
];

// Run directly (tsx, or bin/run-ts.js, which passes the path as given).
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  for (const b of BUILDERS) {
    writeFileSync(b.file, b.build());
    console.log(`wrote ${b.file}`);
  }
}
