/**
 * Exports: a cell's data as CSV or XLSX, a chart as SVG or PNG. Everything is produced in the page
 * (no server round trip); exceljs is loaded only when an XLSX is asked for, so it does not weigh
 * on the first paint.
 */
import { toCSV, type ColumnTable } from 'arquero';
import { download } from './dom.ts';

function safeName(s: string): string {
  return (s || 'chitieu').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'chitieu';
}

export function exportCSV(table: ColumnTable, name: string): void {
  // A BOM so that Excel opens the UTF-8 Vietnamese text correctly.
  download(new Blob(['\uFEFF' + toCSV(table)], { type: 'text/csv;charset=utf-8' }), `${safeName(name)}.csv`);
}

export async function exportXLSX(table: ColumnTable, name: string): Promise<void> {
  const mod = (await import('exceljs')) as unknown as { default?: unknown; Workbook?: unknown };
  const ExcelJS = (mod.Workbook ? mod : mod.default) as { Workbook: new () => import('exceljs').Workbook };
  const wb = new ExcelJS.Workbook();
  wb.creator = 'chitieu';
  const ws = wb.addWorksheet('data');
  const cols = table.columnNames();
  ws.addRow(cols);
  ws.getRow(1).font = { bold: true };
  for (const row of table.objects() as Record<string, unknown>[]) {
    ws.addRow(cols.map((c) => {
      const v = row[c];
      return v === undefined ? null : v instanceof Date || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null ? v : String(v);
    }));
  }
  const buf = await wb.xlsx.writeBuffer();
  download(new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), `${safeName(name)}.xlsx`);
}

/** The chart's SVG (Plot wraps it in a <figure> when there is a legend). */
export function chartSvg(el: Element): SVGSVGElement | null {
  if (el instanceof SVGSVGElement) return el;
  const all = Array.from(el.querySelectorAll('svg')).filter((s) => !s.closest('[class$="-swatches"]') && !s.classList.toString().includes('swatch'));
  return (all.sort((a, b) => b.getBoundingClientRect().width * b.getBoundingClientRect().height - a.getBoundingClientRect().width * a.getBoundingClientRect().height)[0] as SVGSVGElement) ?? null;
}

function svgText(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  // Inline the font so the file looks the same outside the page.
  clone.setAttribute('font-family', getComputedStyle(svg).fontFamily || 'sans-serif');
  return new XMLSerializer().serializeToString(clone);
}

export function exportSVG(el: Element, name: string): void {
  const svg = chartSvg(el);
  if (!svg) return;
  download(new Blob([svgText(svg)], { type: 'image/svg+xml' }), `${safeName(name)}.svg`);
}

export async function exportPNG(el: Element, name: string): Promise<void> {
  const svg = chartSvg(el);
  if (!svg) return;
  const { width, height } = svg.getBoundingClientRect();
  const scale = 2;
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('SVG → PNG failed'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
    if (blob) download(blob, `${safeName(name)}.png`);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export { safeName };
