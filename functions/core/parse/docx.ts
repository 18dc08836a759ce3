/**
 * Narrative reports as Word documents (.docx): the text of the body through mammoth
 * (extractRawText: one paragraph per line pair), then the same extractor as plain text. Paragraphs
 * typed in TCVN3 (.VnTime) or VNI fonts arrive as Latin-1 look-alikes and are converted back
 * (encoding/fix-legacy.ts). The container is checked first: a legacy .doc, an encrypted file or a
 * zip bomb is refused before mammoth inflates anything.
 */
import mammoth from 'mammoth';
import { fixLegacy, type LegacyFont } from '../encoding/fix-legacy.ts';
import { extractFromText } from '../extract/extract.ts';
import type { ExtractionResult } from '../extract/types.ts';
import { problem } from '../problem.ts';
import type { Problem } from '../types.ts';
import type { ParsedFile, Parser } from './parsed-file.ts';
import { DOCX_ZIP_LIMITS, inspectXlsxContainer } from './xlsx-container.ts';
import { parsedFromExtraction } from './text.ts';
import { MAX_FILE_BYTES, refusedBySize } from './input-limits.ts';

export interface DocxText {
  text?: string;
  /** Legacy fonts found in paragraphs (converted). */
  legacyFonts: LegacyFont[];
  problems: Problem[];
}

const place = { pointer: '' };

function refuse(code: string, vi: string, en: string, fixVi: string, fixEn: string): DocxText {
  return { legacyFonts: [], problems: [problem(code, place, vi, en, fixVi, fixEn)] };
}

/** The text of a .docx (NFC, legacy-font paragraphs converted), or why it cannot be read. */
export async function docxToText(bytes: Uint8Array): Promise<DocxText> {
  const verdict = inspectXlsxContainer(bytes, DOCX_ZIP_LIMITS);
  switch (verdict.kind) {
    case 'encrypted':
      return refuse('docx_encrypted', 'Tệp Word được đặt mật khẩu.', 'The Word file is password-protected.',
        'Gỡ mật khẩu rồi gửi lại.', 'Remove the password and send it again.');
    case 'legacy_xls':
      return refuse('docx_legacy_doc', 'Tệp Word 97–2003 (.doc) chưa được hỗ trợ.', 'Word 97–2003 (.doc) files are not supported.',
        'Mở tệp và lưu lại dưới dạng .docx.', 'Open the file and save it as .docx.');
    case 'not_zip':
    case 'corrupt':
      return refuse('docx_unreadable', 'Tệp không phải tài liệu Word (.docx) đọc được.', 'The file is not a readable Word (.docx) document.',
        'Kiểm tra lại tệp hoặc lưu lại bằng Word.', 'Check the file or save it again from Word.');
    case 'bomb':
      return refuse('docx_too_large', `Tệp nén quá lớn khi giải nén (${verdict.detail}).`, `The file inflates too much (${verdict.detail}).`,
        'Gửi tài liệu ở kích thước thông thường.', 'Send the document at a normal size.');
    case 'zip_encrypted_entries':
      return refuse('docx_encrypted', 'Tệp nén có mã hoá.', 'The zip entries are encrypted.', 'Gửi tệp không mã hoá.', 'Send an unencrypted file.');
    case 'zip':
      return refuse('docx_is_workbook', 'Tệp là bảng tính Excel, không phải Word.', 'The file is an Excel workbook, not a Word document.',
        'Gửi với đuôi .xlsx.', 'Send it with the .xlsx extension.');
    case 'not_workbook':
      if (verdict.detail !== 'docx') {
        return refuse('docx_unreadable', `Tệp nén không phải tài liệu Word (${verdict.detail}).`, `The zip is not a Word document (${verdict.detail}).`,
          'Lưu lại tài liệu dưới dạng .docx.', 'Save the document as .docx.');
      }
  }
  let raw: string;
  try {
    raw = (await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })).value;
  } catch (e) {
    return refuse('docx_unreadable', `Không đọc được tài liệu Word: ${(e as Error).message}`, `Cannot read the Word document: ${(e as Error).message}`,
      'Mở và lưu lại tài liệu bằng Word.', 'Open and save the document again in Word.');
  }
  // The text goes to the same extractor as a .txt, under the same cap.
  if (raw.length > MAX_FILE_BYTES.text) {
    return refuse('docx_too_large', `Văn bản trong tài liệu dài ${raw.length.toLocaleString('vi-VN')} ký tự, vượt giới hạn ${MAX_FILE_BYTES.text.toLocaleString('vi-VN')}.`,
      `The document's text is ${raw.length.toLocaleString('en-US')} characters long, over the ${MAX_FILE_BYTES.text.toLocaleString('en-US')} limit.`,
      'Tách báo cáo thành nhiều tài liệu nhỏ hơn (mỗi kỳ hoặc mỗi đơn vị một tệp).', 'Split the report into smaller documents (one per period or unit).');
  }
  // Paragraph by paragraph (a document may mix Unicode and legacy fonts), but a font used by most
  // legacy paragraphs is preferred for all of them: a short line can read plausibly in both.
  const rawLines = raw.split('\n');
  const votes = new Map<LegacyFont, number>();
  for (const line of rawLines) {
    const f = fixLegacy(line);
    if (f.font) votes.set(f.font, (votes.get(f.font) ?? 0) + line.length);
  }
  const major = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
  const fonts = new Set<LegacyFont>();
  const lines = rawLines.map((line) => {
    const f = fixLegacy(line, major);
    if (f.font) fonts.add(f.font);
    return f.text;
  });
  return { text: lines.join('\n').normalize('NFC'), legacyFonts: [...fonts], problems: [] };
}

export interface DocxExtraction {
  result?: ExtractionResult;
  legacyFonts: LegacyFont[];
  problems: Problem[];
}

export async function extractDocxFile(bytes: Uint8Array): Promise<DocxExtraction> {
  const d = await docxToText(bytes);
  if (d.text === undefined) return { legacyFonts: d.legacyFonts, problems: d.problems };
  return { result: extractFromText(d.text), legacyFonts: d.legacyFonts, problems: [] };
}

export const parseDocx: Parser = async (bytes, fileName): Promise<ParsedFile> => {
  const refused = refusedBySize('docx', 'extracted', bytes, fileName);
  if (refused) return refused;
  const d = await extractDocxFile(bytes);
  if (!d.result) return { format: 'docx', sourceKind: 'extracted', reports: [], problems: d.problems };
  return parsedFromExtraction(d.result, 'docx', fileName);
};
