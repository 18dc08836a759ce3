/**
 * The bundle benchmark finds every Lambda entry of infra/ with the files copied beside it, as the
 * stack copies them: a copy into a folder of its own (toDir: the PDF fonts of the comparison job)
 * included, so the zip it measures is the one deployed.
 */
import { describe, expect, it } from 'vitest';
import { lambdaEntries } from '../../bench/lambda-bundles.ts';

describe('bench lambda entries', () => {
  it('reads each copy with its toDir', () => {
    const entries = lambdaEntries();
    const withFonts = entries.filter((e) => e.copy.some((c) => c.pattern === 'DejaVuSans.ttf'));
    expect(withFonts.length).toBeGreaterThan(0);
    for (const e of withFonts) {
      expect(e.copy.filter((c) => c.fromDir.startsWith('node_modules/dejavu-fonts-ttf')).map((c) => c.toDir)).toEqual(['fonts', 'fonts', 'fonts']);
      // the query files land beside the code that reads them (no toDir)
      expect(e.copy.find((c) => c.fromDir === 'functions/queries')?.toDir).toBeUndefined();
    }
  });
});
