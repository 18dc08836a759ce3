/**
 * Where the PDF's fonts are: DejaVu Sans (regular and bold), which covers every Vietnamese letter
 * with its diacritics, from the dejavu-fonts-ttf package (free licence: Bitstream Vera terms plus
 * public-domain DejaVu changes; the LICENSE travels with the fonts). Locally they are read from
 * node_modules; in Lambda the bundle carries them in fonts/ at the task root (the compare
 * function's copyFiles in infra/chitieu-stack.ts).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;
/** Folder of the fonts inside a Lambda bundle. */
export const BUNDLE_FONT_DIR = 'fonts';

function candidates(file: string): string[] {
  const out: string[] = [];
  if (process.env.CHITIEU_FONT_DIR) out.push(join(process.env.CHITIEU_FONT_DIR, file));
  if (process.env.LAMBDA_TASK_ROOT) out.push(join(process.env.LAMBDA_TASK_ROOT, BUNDLE_FONT_DIR, file));
  try {
    out.push(createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${file}`));
  } catch {
    // not installed here (a bundle): the other places apply
  }
  return out;
}

export function fontPath(kind: keyof typeof FONT_FILES): string {
  const file = FONT_FILES[kind];
  const found = candidates(file).find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `Không tìm thấy phông chữ ${file} (cần gói dejavu-fonts-ttf, hoặc đặt CHITIEU_FONT_DIR) / font ${file} not found (install dejavu-fonts-ttf or set CHITIEU_FONT_DIR)`,
    );
  }
  return found;
}
