/**
 * The printable briefing pack: an A4 PDF laid out from the same first page and details as the
 * HTML digest (first-page.ts, method.ts), with page numbers, the date, the period and the data
 * status in every footer. Charts are the digest's Observable Plot SVGs drawn as vector paths
 * (svg-to-pdfkit) with the page's own font; text in DejaVu Sans, embedded as a subset, so every
 * Vietnamese diacritic prints. pdfkit is pure JavaScript (no browser binary), so the same code
 * runs in the compare Lambda and in `chitieu compare`; run-compare.ts imports this module
 * lazily, keeping pdfkit out of the function's cold start.
 */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { indicatorByCode, targetAt, workAreas } from '../../core/catalog.ts';
import type { Comparison, ProvinceRow } from '../types.ts';
import { rankingChart } from '../digest/charts.ts';
import { caveatName, firstPage, indicatorName, isMarked } from '../digest/first-page.ts';
import { change, date, dateTime, num, periodName, pp, relPct, signedNum, value as fmtValue, type Lang } from '../digest/format.ts';
import { asOfText, briefingSubtitle, briefingTitle, reproduceText, type BriefingInput } from '../digest/heading.ts';
import { methodText } from '../digest/method.ts';
import { fontPath } from './fonts.ts';
import { reportDueDays } from '../report-due.ts';

export type PdfInput = BriefingInput;

/** Late reports listed in the pack (the rest are in the late table). */
const LATE_SHOWN = 40;

/** A4 in points, and the margins (the footer sits in the bottom margin). */
const PAGE = { width: 595.28, height: 841.89, margin: 40, bottom: 52 };
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const INK = '#1d2430';
const MUTED = '#5b6575';
const RED = '#c0392b';
const GREEN = '#1b7f3b';
const ACCENT = '#7a1f1f';
const LINE = '#d9dee6';

type Doc = InstanceType<typeof PDFDocument>;

interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

export async function renderPdf(input: PdfInput): Promise<Uint8Array> {
  const lang: Lang = input.lang ?? 'vi';
  const t = (vi: string, en: string) => (lang === 'en' ? en : vi);
  const c = input.comparison;
  const ctx = c.context;
  const fp = firstPage(c, lang);
  const title = briefingTitle(c, lang);

  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.margin, left: PAGE.margin, right: PAGE.margin, bottom: PAGE.bottom },
    bufferPages: true,
    // The document's default font is ours: pdfkit never loads its standard (Latin-only) fonts.
    font: fontPath('regular'),
    lang: lang === 'en' ? 'en-GB' : 'vi-VN',
    displayTitle: true,
    info: { Title: title, Author: t('Viện kiểm sát nhân dân', "People's Procuracy"), Subject: `${ctx.period} · ${input.runId}`, Creator: 'chitieu compare', CreationDate: new Date(input.generatedAt) },
  });
  doc.registerFont('body', fontPath('regular'));
  doc.registerFont('bold', fontPath('bold'));
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const bottom = () => PAGE.height - PAGE.bottom;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };
  const heading = (text: string, size = 13) => {
    ensure(size * 3);
    doc.moveDown(0.4).font('bold').fontSize(size).fillColor(INK).text(text, PAGE.margin, doc.y, { width: CONTENT_WIDTH });
    const y = doc.y + 2;
    doc.moveTo(PAGE.margin, y).lineTo(PAGE.margin + CONTENT_WIDTH, y).lineWidth(0.5).strokeColor(LINE).stroke();
    doc.y = y + 4;
  };
  const para = (text: string, o: { color?: string; size?: number; bold?: boolean; x?: number; width?: number } = {}) => {
    doc.font(o.bold ? 'bold' : 'body').fontSize(o.size ?? 9).fillColor(o.color ?? INK).text(text, o.x ?? PAGE.margin, doc.y, { width: o.width ?? CONTENT_WIDTH, lineGap: 1 });
  };
  const table = (cols: Column[], rows: { cells: string[]; colors?: (string | undefined)[] }[], size = 8) => {
    const pad = 3;
    const x0 = PAGE.margin;
    const rowHeight = (cells: string[], font: string) => {
      doc.font(font).fontSize(size);
      return Math.max(...cells.map((s, i) => doc.heightOfString(s || ' ', { width: cols[i].width - 2 * pad }))) + 2 * pad;
    };
    const drawRow = (cells: string[], font: string, colors?: (string | undefined)[], fill?: string) => {
      const h = rowHeight(cells, font);
      if (doc.y + h > bottom()) {
        doc.addPage();
        drawRow(cols.map((col) => col.header), 'bold', undefined, '#f5f7fa');
      }
      const y = doc.y;
      if (fill) doc.rect(x0, y, cols.reduce((a, col) => a + col.width, 0), h).fill(fill);
      let x = x0;
      cells.forEach((s, i) => {
        doc.font(font).fontSize(size).fillColor(colors?.[i] ?? INK).text(s, x + pad, y + pad, { width: cols[i].width - 2 * pad, align: cols[i].align ?? 'left' });
        x += cols[i].width;
      });
      doc.moveTo(x0, y + h).lineTo(x, y + h).lineWidth(0.4).strokeColor(LINE).stroke();
      doc.x = x0;
      doc.y = y + h;
    };
    drawRow(cols.map((col) => col.header), 'bold', undefined, '#f5f7fa');
    for (const r of rows) drawRow(r.cells, 'body', r.colors);
    doc.moveDown(0.3);
  };
  const toneColor = (tone: string) => (tone === 'good' ? GREEN : tone === 'bad' ? RED : undefined);
  /** Height in points an SVG takes at the full content width. */
  const chartHeight = (svg: string) => {
    const m = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg) ?? /width="([\d.]+)" height="([\d.]+)"/.exec(svg);
    return m ? (Number(m[2]) * CONTENT_WIDTH) / Number(m[1]) : 400;
  };
  const chart = (svg: string) => {
    const width = CONTENT_WIDTH;
    const height = chartHeight(svg);
    ensure(Math.min(height, bottom() - PAGE.margin));
    SVGtoPDF(doc, svg, PAGE.margin, doc.y, {
      width, height, preserveAspectRatio: 'xMinYMin meet',
      fontCallback: (_family: string, bold: boolean) => (bold ? 'bold' : 'body'),
    });
    doc.y += height + 4;
  };

  // ---- Page 1: the leader's page.
  para(t('VIỆN KIỂM SÁT NHÂN DÂN · BẢN TIN TRƯỚC GIAO BAN', "PEOPLE'S PROCURACY · BRIEFING BEFORE THE MEETING"), { color: ACCENT, size: 8, bold: true });
  para(title, { size: 16, bold: true });
  para(briefingSubtitle(c, input.generatedAt, lang), { color: MUTED, size: 8.5 });
  if (c.as_of) para(asOfText(c, lang), { size: 8.5, bold: true });
  doc.moveDown(0.3);
  const banner = (text: string, fill: string, color: string) => {
    doc.font('bold').fontSize(8.5);
    const h = doc.heightOfString(text, { width: CONTENT_WIDTH - 12 }) + 8;
    const y = doc.y;
    doc.rect(PAGE.margin, y, CONTENT_WIDTH, h).fill(fill);
    doc.fillColor(color).text(text, PAGE.margin + 6, y + 4, { width: CONTENT_WIDTH - 12 });
    doc.y = y + h + 4;
    doc.x = PAGE.margin;
  };
  if (c.synthetic) banner(t('DỮ LIỆU MÔ PHỎNG — số liệu sinh tự động để trình diễn, không phải số liệu thật.', 'SYNTHETIC DATA — generated for demonstration, not real figures.'), '#fff4d6', '#6b4b00');
  if (!input.closed) banner(t(`Kỳ chưa khoá sổ (cuối kỳ + ${input.graceDays} ngày): số liệu có thể còn thay đổi.`, `Period not closed (end + ${input.graceDays} days): figures may change.`), '#fdecea', ACCENT);
  if (c.geography === 'as_2025') para(t('Theo địa giới 34 tỉnh, thành phố từ 01/07/2025; số liệu cũ của các tỉnh hợp nhất được cộng theo tỉnh mới.', 'In the 34 provinces in force from 1 July 2025; earlier figures of merged provinces added up by new province.'), { color: MUTED, size: 8 });

  // Two columns: who is behind (left); changes, reports, data status (right).
  const top = doc.y + 4;
  const leftW = 300;
  const rightX = PAGE.margin + leftW + 15;
  const rightW = CONTENT_WIDTH - leftW - 15;
  const colHeading = (text: string, x: number, w: number) => {
    doc.font('bold').fontSize(11).fillColor(INK).text(text, x, doc.y, { width: w });
    doc.moveTo(x, doc.y + 1).lineTo(x + w, doc.y + 1).lineWidth(0.5).strokeColor(LINE).stroke();
    doc.y += 4;
  };
  doc.y = top;
  colHeading(t('Tỉnh còn chậm', 'Provinces behind'), PAGE.margin, leftW);
  para(t('Chưa đạt chỉ tiêu đề ra, hoặc kém toàn quốc vượt giới hạn kiểm soát 99,8 %.', 'Missed a target, or behind the country beyond 99.8 % control limits.'), { color: MUTED, size: 7.5, width: leftW });
  doc.moveDown(0.2);
  if (fp.behind.length === 0) para(t('Không có tỉnh nào chưa đạt chỉ tiêu hoặc kém rõ rệt so với toàn quốc.', 'No province missed a target or is clearly behind the country.'), { color: GREEN, size: 8.5, width: leftW });
  for (const g of fp.behind) {
    doc.font('bold').fontSize(8.5).fillColor(INK).text(g.name, PAGE.margin, doc.y, { width: leftW });
    for (const i of g.items) {
      doc.font('body').fontSize(8).fillColor(INK).text(`• ${i.name}: `, PAGE.margin + 8, doc.y, { width: leftW - 8, continued: true })
        .fillColor(i.reason === 'missed' ? RED : '#a04000').text(`${i.text}${i.marked ? ' *' : ''}`);
    }
    if (g.more) para(t(`  và ${g.more} chỉ tiêu khác`, `  and ${g.more} more`), { color: MUTED, size: 7.5, x: PAGE.margin + 8, width: leftW - 8 });
    doc.y += 2;
  }
  if (fp.behindMore) para(t(`Và ${fp.behindMore} tỉnh khác (xem phần Đạt / chưa đạt).`, `And ${fp.behindMore} more provinces (see Targets).`), { color: MUTED, size: 7.5, width: leftW });
  const leftBottom = doc.y;

  doc.y = top;
  colHeading(t('Thay đổi đáng chú ý', 'Notable changes'), rightX, rightW);
  para(t(`So với ${periodName(ctx.last_year_period, lang)}, vượt mức dao động ngẫu nhiên với quy mô của tỉnh.`, `Against ${periodName(ctx.last_year_period, lang)}, beyond chance for the province's size.`), { color: MUTED, size: 7.5, x: rightX, width: rightW });
  doc.moveDown(0.2);
  if (fp.shifts.length === 0) para(t('Không có thay đổi nào vượt mức ngẫu nhiên.', 'No change beyond chance.'), { size: 8, x: rightX, width: rightW, color: MUTED });
  for (const g of fp.shifts) {
    doc.font('bold').fontSize(8.5).fillColor(INK).text(g.name, rightX, doc.y, { width: rightW });
    for (const s of g.items) {
      doc.font('body').fontSize(7.5).fillColor(INK).text(`• ${s.name}: `, rightX + 6, doc.y, { width: rightW - 6, continued: true })
        .fillColor(s.worse === true ? RED : s.worse === false ? GREEN : INK).text(`${s.text}${s.marked ? ' *' : ''}`);
    }
    if (g.more) para(t(`  và ${g.more} chỉ tiêu khác`, `  and ${g.more} more`), { color: MUTED, size: 7.5, x: rightX + 6, width: rightW - 6 });
  }
  if (fp.shiftsMore) para(t(`Tổng cộng ${c.outliers.length} thay đổi bất thường (xem phần Biến động bất thường).`, `${c.outliers.length} unusual changes in all (see Unusual changes).`), { color: MUTED, size: 7.5, x: rightX, width: rightW });
  doc.moveDown(0.5);
  colHeading(t('Báo cáo', 'Reports'), rightX, rightW);
  const r = fp.reports;
  para(r
    ? `${t('Đã nhận', 'Received')} ${num(r.received)}/${num(r.expected)} ${t('báo cáo tháng', 'monthly reports')} (${r.share}); ${num(r.missingUnits)} ${t('đơn vị còn thiếu', 'units missing')}.${r.silentProvinces.length ? ` ${t('Chưa có báo cáo nào', 'No report at all')}: ${r.silentProvinces.join(', ')}${r.silentMore ? t(` và ${r.silentMore} tỉnh khác`, ` and ${r.silentMore} more`) : ''}.` : ''}${r.late ? (r.late.reports ? ` ${num(r.late.reports)} ${t('báo cáo gửi muộn', 'reports late')}: ${r.late.units.join(', ')}${r.late.more ? t(` và ${r.late.more} tỉnh khác`, ` and ${r.late.more} more`) : ''}.` : ` ${t('Không có báo cáo nào gửi muộn.', 'No report was late.')}`) : ''}`
    : t('Không có số liệu về tình hình gửi báo cáo.', 'No data on reports received.'), { size: 8, x: rightX, width: rightW });
  doc.moveDown(0.5);
  colHeading(t('Tình trạng số liệu', 'Data status'), rightX, rightW);
  para(input.closed ? t('Kỳ đã khoá sổ.', 'Period closed.') : t('Kỳ chưa khoá sổ.', 'Period not closed.'), { size: 8, x: rightX, width: rightW });
  if (c.reconciliation_checked) {
    para(c.disagreements.length ? `${num(c.disagreements.length)} ${t('số liệu mà các báo cáo không khớp nhau (xem phần Số liệu không khớp).', 'figures whose reports disagree (see Figures that disagree).')}` : t('Các báo cáo của kỳ khớp nhau.', "The period's reports agree."), { size: 8, x: rightX, width: rightW, color: c.disagreements.length ? RED : INK });
  }
  if (fp.data.length === 0) para(t('Mọi số liệu đầy đủ, khớp nhau và đã được rà soát.', 'All figures complete, consistent and reviewed.'), { size: 8, x: rightX, width: rightW });
  for (const d of fp.data) para(`• ${caveatName(d.caveat, lang)}: ${num(d.count)}`, { size: 7.5, x: rightX, width: rightW });
  para(t('Dấu * đánh dấu kết luận dựa trên các số liệu này.', 'An asterisk marks verdicts resting on these figures.'), { size: 7.5, x: rightX, width: rightW, color: MUTED });
  doc.y = Math.max(leftBottom, doc.y) + 6;
  doc.x = PAGE.margin;

  heading(t('Các chỉ tiêu chính (toàn quốc)', 'Key indicators (national)'), 11);
  table(
    [
      { header: t('Chỉ tiêu', 'Indicator'), width: 190 },
      { header: periodName(ctx.period, lang), width: 62, align: 'right' },
      { header: t('So với kỳ trước', 'vs previous'), width: 70, align: 'right' },
      { header: t('So với cùng kỳ', 'vs last year'), width: 70, align: 'right' },
      { header: t('Chỉ tiêu đề ra', 'Target'), width: CONTENT_WIDTH - 392 },
    ],
    fp.keyIndicators.map((k) => ({
      cells: [k.name, `${k.value}${k.marked ? ' *' : ''}`, k.vsPrior, k.vsLastYear, k.target ? `${k.target} · ${k.met === null ? '–' : k.met ? t('Đạt', 'Met') : t('Chưa đạt', 'Missed')}${k.provinces ? ` · ${k.provinces}` : ''}` : '–'],
      colors: [undefined, undefined, toneColor(k.priorTone), toneColor(k.lastYearTone), k.met === false ? RED : undefined],
    })),
  );

  // ---- Details.
  doc.addPage();
  heading(t('Đạt / chưa đạt chỉ tiêu đề ra', 'Targets met / missed'), 14);
  const withTarget = c.national.filter((n) => n.target_threshold !== null);
  if (withTarget.length === 0) para(t('Kỳ này không có chỉ tiêu nào có chỉ tiêu đề ra.', 'No indicator with a target this period.'), { color: MUTED });
  for (const n of withTarget) {
    const ind = indicatorByCode(n.indicator)!;
    const rows = c.provinces.filter((p) => p.indicator === n.indicator);
    const missed = rows.filter((p) => p.met === false);
    const svg = rankingChart({ indicator: ind, rows, national: n.value, target: targetAt(ind, ctx.end) ?? null, lang }).value;
    // The indicator's heading stays with its chart.
    ensure(Math.min(chartHeight(svg) + 50, bottom() - PAGE.margin));
    para(indicatorName(ind, lang), { bold: true, size: 10.5 });
    para(`${t('Toàn quốc', 'National')}: ${fmtValue(n.value, ind.unit, lang)} · ${t('chỉ tiêu', 'target')} ${n.target_comparator === '>=' ? '≥' : n.target_comparator ?? ''} ${fmtValue(n.target_threshold, ind.unit, lang)} · ${t('chưa đạt', 'missed')}: ${missed.length ? missed.map((p) => `${p.unit_name} ${fmtValue(p.value, ind.unit, lang)}${isMarked(p) ? ' *' : ''}`).join('; ') : t('không có', 'none')}`, { size: 8.5 });
    chart(svg);
  }

  heading(t('Các chỉ tiêu theo lĩnh vực', 'Indicators by work area'), 14);
  for (const area of workAreas()) {
    const rows = c.national.filter((n) => n.work_area === area.code);
    if (rows.length === 0) continue;
    ensure(60);
    para(lang === 'en' ? area.name_en : area.name_vi, { bold: true, size: 9.5 });
    table(
      [
        { header: t('Chỉ tiêu', 'Indicator'), width: 200 },
        { header: t('Toàn quốc', 'National'), width: 65, align: 'right' },
        { header: t('So với kỳ trước', 'vs previous'), width: 80, align: 'right' },
        { header: t('So với cùng kỳ', 'vs last year'), width: 80, align: 'right' },
        { header: t('Số tỉnh', 'Provinces'), width: CONTENT_WIDTH - 425, align: 'right' },
      ],
      rows.map((n) => {
        const ind = indicatorByCode(n.indicator)!;
        return { cells: [indicatorName(ind, lang), fmtValue(n.value, ind.unit, lang), change(ind.kind, n.change_prior, n.change_prior_pct, lang), change(ind.kind, n.change_last_year, n.change_last_year_pct, lang), num(n.provinces_reporting)] };
      }),
      7.5,
    );
  }

  heading(t('Biến động bất thường', 'Unusual changes'), 14);
  para(t('Thay đổi so với cùng kỳ vượt giới hạn kiểm soát 99,8 % đối với quy mô của tỉnh.', "Changes against the same period last year outside 99.8 % control limits for the province's size."), { size: 8, color: MUTED });
  if (c.outliers.length === 0) para(t('Không có.', 'None.'), { size: 8.5 });
  else {
    table(
      [
        { header: t('Tỉnh', 'Province'), width: 90 },
        { header: t('Chỉ tiêu', 'Indicator'), width: 200 },
        { header: t('Cùng kỳ', 'Last year'), width: 60, align: 'right' },
        { header: t('Kỳ này', 'This period'), width: 60, align: 'right' },
        { header: t('Thay đổi', 'Change'), width: 60, align: 'right' },
        { header: 'z', width: CONTENT_WIDTH - 470, align: 'right' },
      ],
      [...c.outliers].sort((a, b) => Math.abs(b.z) - Math.abs(a.z)).map((o) => {
        const ind = indicatorByCode(o.indicator)!;
        return { cells: [`${o.unit_name}${isMarked(o) ? ' *' : ''}`, indicatorName(ind, lang), fmtValue(o.base_value, ind.unit, lang), fmtValue(o.value, ind.unit, lang), ind.kind === 'rate' ? pp(o.change, 1, lang) : relPct(o.change), signedNum(o.z, 1)] };
      }),
    );
  }

  if (c.late_checked) {
    heading(t('Báo cáo gửi muộn', 'Late reports'), 14);
    para(t(`Báo cáo tháng gửi lần đầu quá ${reportDueDays()} ngày sau ngày cuối tháng (giờ Việt Nam).`, `Monthly reports first sent more than ${reportDueDays()} days after the month's last day (Vietnam time).`), { size: 8, color: MUTED });
    if (c.late.length === 0) para(t('Không có.', 'None.'), { size: 8.5 });
    else {
      const shown = c.late.slice(0, LATE_SHOWN);
      table(
        [
          { header: t('Tỉnh', 'Province'), width: 110 },
          { header: t('Đơn vị', 'Unit'), width: 170 },
          { header: t('Tháng', 'Month'), width: 110 },
          { header: t('Số ngày muộn', 'Days late'), width: CONTENT_WIDTH - 390, align: 'right' },
        ],
        shown.map((l) => ({ cells: [l.province_name, l.unit_name, periodName(l.month, lang), num(l.days_late)] })),
      );
      if (c.late.length > shown.length) para(t(`và ${num(c.late.length - shown.length)} báo cáo khác (bảng late kèm theo).`, `and ${num(c.late.length - shown.length)} more (the accompanying late table).`), { size: 8, color: MUTED });
    }
  }

  if (c.reconciliation_checked) {
    heading(t('Số liệu không khớp', 'Figures that disagree'), 14);
    if (c.disagreements.length === 0) para(t('Không có số liệu nào lệch.', 'No figure disagrees.'), { size: 8.5 });
    else {
      table(
        [
          { header: t('Tỉnh', 'Province'), width: 80 },
          { header: t('Đơn vị', 'Unit'), width: 95 },
          { header: t('Chỉ tiêu', 'Indicator'), width: 160 },
          { header: t('Báo cáo', 'Reported'), width: 55, align: 'right' },
          { header: t('Cộng dồn', 'Summed'), width: 55, align: 'right' },
          { header: t('Chênh lệch', 'Difference'), width: CONTENT_WIDTH - 445, align: 'right' },
        ],
        c.disagreements.map((d) => {
          const ind = indicatorByCode(d.indicator);
          const unit = ind?.unit ?? 'count';
          return { cells: [d.province_name, d.unit_name, ind ? indicatorName(ind, lang) : d.indicator, fmtValue(d.reported_value, unit, lang), fmtValue(d.rolled_up_value, unit, lang), ind?.kind === 'rate' ? pp(d.difference, 1, lang) : signedNum(d.difference, 0)] };
        }),
      );
    }
  }

  heading(t('Lưu ý về số liệu', 'Data caveats'), 14);
  if (fp.data.length === 0) para(t('Không có lưu ý nào.', 'None.'), { size: 8.5 });
  for (const d of fp.data) {
    const rows: ProvinceRow[] = c.provinces.filter((p) => (p.caveats ?? '').split(';').includes(d.caveat));
    para(`${caveatName(d.caveat, lang)} (${num(d.count)}): ${rows.slice(0, 15).map((p) => `${p.unit_name} — ${indicatorByCode(p.indicator) ? indicatorName(indicatorByCode(p.indicator)!, lang) : p.indicator}`).join('; ')}${rows.length > 15 ? t(` và ${rows.length - 15} số liệu khác`, ` and ${rows.length - 15} more`) : ''}.`, { size: 7.5 });
    doc.moveDown(0.2);
  }

  heading(t('Cách tính', 'Method'), 14);
  for (const li of methodText({ geography: c.geography, graceDays: input.graceDays, asOf: c.as_of, late: c.late_checked }, lang)) {
    ensure(30);
    para(`• ${li}`, { size: 8 });
    doc.moveDown(0.2);
  }

  // Footers: period, date, data status and "page i / n" on every page.
  const range = doc.bufferedPageRange();
  const status = `${input.closed ? t('đã khoá sổ', 'closed') : t('chưa khoá sổ', 'not closed')}${fp.reports ? ` · ${num(fp.reports.received)}/${num(fp.reports.expected)} ${t('báo cáo', 'reports')}` : ''}${c.synthetic ? ` · ${t('dữ liệu mô phỏng', 'synthetic data')}` : ''}`;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin must not start a new page.
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = PAGE.height - PAGE.bottom + 18;
    doc.moveTo(PAGE.margin, y - 4).lineTo(PAGE.width - PAGE.margin, y - 4).lineWidth(0.4).strokeColor(LINE).stroke();
    doc.font('body').fontSize(7).fillColor(MUTED)
      .text(`${periodName(ctx.period, lang)} (${date(ctx.start)} – ${date(ctx.end)}) · ${c.as_of ? `${t('số liệu đến', 'as of')} ${dateTime(c.as_of, lang, false)}` : `${t('lập', 'prepared')} ${date(input.generatedAt)}`} · ${status}`, PAGE.margin, y, { width: CONTENT_WIDTH - 80, lineBreak: false });
    doc.text(`${t('Trang', 'Page')} ${i - range.start + 1}/${range.count}`, PAGE.width - PAGE.margin - 80, y, { width: 80, align: 'right', lineBreak: false });
    doc.page.margins.bottom = saved;
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
