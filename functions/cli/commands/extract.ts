/**
 * `chitieu extract <file.txt|file.docx> --format json|table`: the unit, scope, period and figures
 * of a narrative report, exactly in the shape of issue 3 §2 (json), or as a table for reading.
 * Nothing is stored; `chitieu ingest` stores the figures that have a catalog code.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { extractTextFile } from '../../core/parse/text.ts';
import { extractDocxFile } from '../../core/parse/docx.ts';
import { formatProblem } from '../../core/problem.ts';
import type { ExtractionResult } from '../../core/extract/types.ts';
import { TextTooLargeError } from '../../core/extract/extract.ts';
import { sizeProblem } from '../../core/parse/input-limits.ts';
import { formatRows } from '../output.ts';
import { UserError } from '../context.ts';

function isDocx(file: string, bytes: Uint8Array): boolean {
  if (/\.docx$/i.test(file)) return true;
  if (/\.(txt|text)$/i.test(file)) return false;
  return bytes[0] === 0x50 && bytes[1] === 0x4b; // a zip: the only zip we read here is a .docx
}

function changeText(c: ExtractionResult['extraction']['indicators'][number]['change']): string {
  if (!c) return '';
  const unit = c.unit === 'percentage_point' ? ' đ.%' : c.unit === 'percent' ? '%' : '';
  return `${c.direction === 'up' ? '+' : '−'}${String(c.value).replace('.', ',')}${unit}`;
}

function table(file: string, r: ExtractionResult, note: string): string {
  const e = r.extraction;
  const head = [
    `${file}${note}`,
    `Tỉnh / province: ${e.province ?? '—'}   Đơn vị / unit: ${e.unit_id ?? '—'} (${e.unit_level ?? '—'})   Phạm vi / scope: ${e.scope}`,
    `Kỳ / period: ${e.period ? `${e.period.label} (${e.period.type}, năm thống kê / stat. year ${e.period.year})` : '—'}` +
      (r.published ? `   Ngày / dated: ${r.published}` : ''),
  ];
  const rows = e.indicators.map((f) => ({
    code: f.indicator_code ?? '(không mã / no code)',
    value: f.value,
    unit: f.unit === 'percent' ? '%' : 'count',
    change: changeText(f.change),
    phrase: f.phrase.length > 60 ? `${f.phrase.slice(0, 57)}…` : f.phrase,
    span: `${f.span[0]}–${f.span[1]}`,
  }));
  return [...head, '', formatRows(rows, ['code', 'value', 'unit', 'change', 'phrase', 'span'], 'table')].join('\n');
}

export function register(program: Command): void {
  program
    .command('extract')
    .description('Trích số liệu từ báo cáo dạng văn bản (.txt, .docx) / extract figures from a narrative report')
    .argument('<file>', 'tệp .txt hoặc .docx / a .txt or .docx file')
    .option('--format <format>', 'json | table', 'json')
    .action(async (file: string, o: { format: string }) => {
      if (o.format !== 'json' && o.format !== 'table') {
        throw new UserError(`Định dạng "${o.format}" không hỗ trợ (json | table) / unsupported format "${o.format}" (json | table).`);
      }
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(file));
      } catch {
        throw new UserError(`Không đọc được tệp "${file}" / cannot read "${file}".`);
      }
      // The same size caps as ingest (parse/input-limits.ts): one limit per format, everywhere.
      const tooLarge = sizeProblem(isDocx(file, bytes) ? 'docx' : 'text', bytes, file);
      if (tooLarge) throw new UserError(formatProblem(file, tooLarge));
      try {
        await run(file, bytes, o.format);
      } catch (e) {
        // A text that decodes past the character limit (UTF-16, or a docx that inflates).
        if (e instanceof TextTooLargeError) throw new UserError(e.message.replace('Văn bản', `"${file}"`).replace('The text', `"${file}"`));
        throw e;
      }
    });
}

/** Decodes, extracts and prints one file. */
async function run(file: string, bytes: Uint8Array, format: string): Promise<void> {
  let result: ExtractionResult;
  let note = '';
  if (isDocx(file, bytes)) {
    const d = await extractDocxFile(bytes);
    if (!d.result) {
      for (const p of d.problems) console.error(`✗ ${formatProblem(file, p)}`);
      process.exitCode = 2;
      return;
    }
    result = d.result;
    note = d.legacyFonts.length ? `  [docx; phông cũ / legacy fonts: ${d.legacyFonts.join(', ')}]` : '  [docx]';
  } else {
    const t = extractTextFile(bytes);
    result = t.result;
    note = `  [${t.encoding}]`;
  }
  console.log(format === 'json' ? JSON.stringify(result.extraction, null, 2) : table(file, result, note));
}
