/** What goes into an ingest and what comes out of it, file by file and in total. */
import type { Problem } from '../core/types.ts';
import type { ReadyFile } from './prepare-file.ts';

export interface IncomingFile {
  name: string;
  /** Lazily read, so a bulk run holds only the files in flight. */
  read(): Promise<Uint8Array>;
  /** Where the file is on local disk, when it is: a worker thread can then read it itself. */
  path?: string;
}

export type FileStatus = 'accepted' | 'unchanged' | 'rejected';

export interface FileOutcome {
  file: string;
  sha256: string;
  status: FileStatus;
  reports: number;
  superseded: number;
  problems: Problem[];
  quarantineKey?: string;
}

export interface IngestSummary {
  files: number;
  accepted: number;
  unchanged: number;
  rejected: number;
  reports: number;
  superseded: number;
  values: number;
  /** Rejections grouped by problem code, with a Vietnamese and an English message of the first. */
  reasons: Record<string, { count: number; message_vi: string; message_en: string }>;
  outcomes: FileOutcome[];
  batches: string[];
}

/** What the per-file step hands on: "unchanged" at once, or a file ready to join a batch. */
export type StartedFile = { unchanged: FileOutcome; ready?: undefined } | { ready: ReadyFile; unchanged?: undefined };

export function unchangedOutcome(file: string, sha256: string): FileOutcome {
  return { file, sha256, status: 'unchanged', reports: 0, superseded: 0, problems: [] };
}
