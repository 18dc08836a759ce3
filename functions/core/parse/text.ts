/**
 * Narrative reports as plain text (.txt): any Vietnamese encoding (encoding/decode-text.ts), then
 * the figure extractor. The result is one report of extracted values, or the problems that send
 * the file to quarantine.
 */
import { decodeText, type TextEncoding } from '../encoding/decode-text.ts';
import { extractFromText } from '../extract/extract.ts';
import { toInputReport } from '../extract/to-report.ts';
import type { ExtractionResult } from '../extract/types.ts';
import { problem } from '../problem.ts';
import { refusedBySize } from './input-limits.ts';
import type { ParsedFile, Parser } from './parsed-file.ts';

export interface TextExtraction {
  result: ExtractionResult;
  encoding: TextEncoding;
}

/** Decodes and extracts a text file. */
export function extractTextFile(bytes: Uint8Array): TextExtraction {
  const { text, encoding } = decodeText(bytes);
  return { result: extractFromText(text), encoding };
}

/** ParsedFile of an extraction (shared with the DOCX parser). */
export function parsedFromExtraction(result: ExtractionResult, format: 'text' | 'docx', fileName: string): ParsedFile {
  const { report, problems } = toInputReport(result, { format, file_name: fileName });
  return { format, sourceKind: 'extracted', reports: report ? [report] : [], problems };
}

export const parseText: Parser = async (bytes, fileName) => {
  const refused = refusedBySize('text', 'extracted', bytes, fileName);
  if (refused) return refused;
  if (bytes.length === 0) {
    return {
      format: 'text',
      sourceKind: 'extracted',
      reports: [],
      problems: [problem('empty_file', { pointer: '' }, 'Tệp rỗng.', 'The file is empty.',
        'Gửi lại tệp báo cáo có nội dung.', 'Send the report file again with its content.')],
    };
  }
  return parsedFromExtraction(extractTextFile(bytes).result, 'text', fileName);
};
