/**
 * What every format parser returns: the reports a file holds, or the problems that reject it.
 * A file is accepted or rejected whole (a unit resubmits the corrected file).
 */
import type { InputReport, Problem, SourceFormat, SourceKind } from '../types.ts';

export interface ParsedFile {
  format: SourceFormat;
  sourceKind: SourceKind;
  reports: InputReport[];
  problems: Problem[];
}

/** A parser turns the bytes of one received file into reports. It does no I/O. */
export type Parser = (bytes: Uint8Array, fileName: string) => Promise<ParsedFile>;
