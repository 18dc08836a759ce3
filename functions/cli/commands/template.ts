/** `chitieu template xlsx --unit <id> --period <label> --out FILE`: the workbook a unit fills in. */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { buildXlsxTemplate } from '../../core/template/xlsx-template.ts';
import { UserError } from '../context.ts';

export function register(program: Command): void {
  const template = program.command('template').description('Tạo mẫu báo cáo để đơn vị điền / make a report template for a unit to fill in');
  template
    .command('xlsx')
    .description('Mẫu bảng tính Excel chuẩn / the canonical Excel workbook')
    .requiredOption('--unit <id>', 'mã hoặc tên đơn vị / unit id or name (e.g. p63-94)')
    .requiredOption('--period <label>', 'kỳ báo cáo / period label (2024-03, 2024-Q1, 2024-H1, 2024-9M, 2024-Y)')
    .requiredOption('--out <file>', 'tệp .xlsx ghi ra / output .xlsx file')
    .option('--scope <scope>', 'unit | province_total ("hai cấp")', 'unit')
    .option('--no-protect', 'không khoá các ô ngoài ô nhập / do not lock the non-input cells')
    .action(async (o: { unit: string; period: string; out: string; scope: string; protect: boolean }) => {
      if (o.scope !== 'unit' && o.scope !== 'province_total') {
        throw new UserError(`Phạm vi phải là unit hoặc province_total: "${o.scope}" / scope must be unit or province_total.`);
      }
      let bytes: Uint8Array;
      try {
        bytes = await buildXlsxTemplate({ unitId: o.unit, period: o.period, scope: o.scope, protect: o.protect });
      } catch (e) {
        throw new UserError((e as Error).message);
      }
      await writeFile(o.out, bytes);
      console.log(`Đã ghi mẫu / template written: ${o.out}`);
    });
}
