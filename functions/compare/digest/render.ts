/**
 * The digest: one self-contained HTML page that leadership reads before the briefing. First the
 * leader's page (first-page.ts: who is behind on what, what changed, missing reports, what the
 * figures rest on: one A4 page, two screens), then the details it links to: targets met / missed,
 * a section per work area, biggest movers, unusual changes, missing reports, data caveats and the
 * method in plain words. Vietnamese by default, English with `lang: 'en'`. Inline CSS and inline
 * SVG only: the page makes no request. Every string from data goes through the escaping `html`
 * template.
 */
import { indicatorByCode, targetAt, workAreas, type Indicator } from '../../core/catalog.ts';
import { CAVEATS } from '../assemble.ts';
import type { Comparison, MoverRow, NationalRow, ProvinceRow } from '../types.ts';
import { changeChart, rankingChart, rankText } from './charts.ts';
import { caveatName, caveatsOf, firstPage, indicatorName, isMarked, type FirstPage, type LateSummary } from './first-page.ts';
import { change, comparator, date, dateTime, num, periodName, pp, relPct, signedNum, sourceText, value as fmtValue, type Lang } from './format.ts';
import { asOfText, briefingSubtitle, briefingTitle, provincePageFile, reproduceText, type BriefingInput } from './heading.ts';
import { html, trusted, type Html } from './html.ts';
import { methodText } from './method.ts';
import { reportDueDays } from '../report-due.ts';
import { DIGEST_CSS } from './style.ts';

export type DigestInput = BriefingInput;

const MISSING_UNITS_SHOWN = 12;

/** Words of the page in both languages, side by side so neither falls behind. */
function words(lang: Lang) {
  return (vi: string, en: string) => (lang === 'en' ? en : vi);
}

function targetText(n: NationalRow, ind: Indicator, lang: Lang): string {
  if (n.target_threshold === null) return '';
  return `${comparator(n.target_comparator)} ${fmtValue(n.target_threshold, ind.unit, lang)}`;
}

export function verdict(met: boolean | null, lang: Lang): Html {
  const t = words(lang);
  return met === null ? html`<span class="muted">${t('không có số liệu', 'no data')}</span>` : met ? html`<span class="met">${t('Đạt', 'Met')}</span>` : html`<span class="missed">${t('Chưa đạt', 'Missed')}</span>`;
}

/** Colours a change by the indicator's direction: green when better, red when worse. */
export function changeCell(ind: Indicator, ch: number | null, chPct: number | null, lang: Lang): Html {
  const cls = ch === null || Math.abs(ch) < 0.05 || ind.direction === 'neutral' ? '' : (ch > 0) === (ind.direction === 'higher_is_better') ? 'good' : 'bad';
  return html`<td class="n ${cls}">${change(ind.kind, ch, chPct, lang)}</td>`;
}

/** A mark after a figure whose judgement rests on partial, extracted, unreconciled or few data. */
export function mark(p: Pick<ProvinceRow, 'caveats'>, lang: Lang): Html | '' {
  if (!isMarked(p)) return '';
  const t = words(lang);
  return html`<sup class="mark" title="${caveatsOf(p).map((c) => caveatName(c, lang)).join('; ')}"><a href="#luu-y">${t('*', '*')}</a></sup>`;
}

/** " 7 báo cáo gửi muộn: Cần Thơ (5), Quảng Trị (2)." ('' when lateness was not checked). */
function lateLine(late: LateSummary | null, lang: Lang, units: boolean): Html | '' {
  if (!late) return '';
  const t = words(lang);
  if (late.reports === 0) return html` ${t('Không có báo cáo nào gửi muộn.', 'No report was late.')}`;
  return html` <b class="bad">${num(late.reports)}</b> ${t(`báo cáo gửi muộn (quá ${reportDueDays()} ngày sau cuối tháng)`, `reports late (over ${reportDueDays()} days after the month's end)`)}: ${late.units.join(', ')}${late.more ? t(` và ${late.more} ${units ? 'đơn vị' : 'tỉnh'} khác`, ` and ${late.more} more`) : ''}.`;
}

export function leaderPage(c: Comparison, fp: FirstPage, input: DigestInput, lang: Lang): Html {
  const t = words(lang);
  // One level down (a province's own page) the units take the provinces' place.
  const w = (vi: string, en: string, viUnit: string, enUnit: string) => (c.scope ? t(viUnit, enUnit) : t(vi, en));
  const ctx = c.context;
  const behind = fp.behind.length === 0
    ? html`<p class="met">${w('Không có tỉnh nào chưa đạt chỉ tiêu đề ra hoặc kém rõ rệt so với toàn quốc.', 'No province missed a target or is clearly behind the country.', 'Không có đơn vị nào chưa đạt chỉ tiêu đề ra hoặc kém rõ rệt so với toàn tỉnh.', 'No unit missed a target or is clearly behind the province.')}</p>`
    : html`<table class="lead"><thead><tr><th>${w('Tỉnh, thành phố', 'Province', 'Đơn vị', 'Unit')}</th><th>${t('Chỉ tiêu còn chậm', 'Behind on')}</th></tr></thead><tbody>${fp.behind.map((g) => html`<tr><td><b>${input.provincePages?.includes(g.unit_id) ? html`<a href="${provincePageFile(g.unit_id, lang)}">${g.name}</a>` : g.name}</b></td><td>${g.items.map((i, k) => html`${k ? html`<br>` : ''}<a href="#ct-${i.indicator}">${i.name}</a>: <span class="${i.reason === 'missed' ? 'missed' : 'bad'}">${i.text}</span>${i.marked ? html`<sup class="mark"><a href="#luu-y">*</a></sup>` : ''}`)}${g.more ? html`<br><span class="muted">${t(`và ${g.more} chỉ tiêu khác`, `and ${g.more} more`)}</span>` : ''}</td></tr>`)}</tbody></table>
${fp.behindMore ? html`<p class="muted">${w(`Và ${fp.behindMore} tỉnh, thành phố khác — xem `, `And ${fp.behindMore} more provinces — see `, `Và ${fp.behindMore} đơn vị khác — xem `, `And ${fp.behindMore} more units — see `)}<a href="#dat-chua-dat">${t('Đạt / chưa đạt chỉ tiêu', 'Targets met / missed')}</a>.</p>` : ''}`;
  const keys = fp.keyIndicators.length === 0 ? '' : html`<table class="lead"><thead><tr><th>${w('Chỉ tiêu (toàn quốc)', 'Indicator (national)', 'Chỉ tiêu (toàn tỉnh)', 'Indicator (province)')}</th><th class="n">${periodName(ctx.period, lang)}</th><th class="n">${t('So với kỳ trước', 'vs previous period')}</th><th class="n">${t('So với cùng kỳ', 'vs same period last year')}</th><th>${t('Chỉ tiêu đề ra', 'Target')}</th></tr></thead><tbody>${fp.keyIndicators.map((k) => html`<tr><td><a href="#ct-${k.indicator}">${k.name}</a></td><td class="n"><b>${k.value}</b>${k.marked ? html`<sup class="mark"><a href="#luu-y">*</a></sup>` : ''}</td><td class="n ${k.priorTone}">${k.vsPrior}</td><td class="n ${k.lastYearTone}">${k.vsLastYear}</td><td>${k.target ? html`${k.target} ${verdict(k.met, lang)}${k.provinces ? html` <span class="muted">· ${k.provinces}</span>` : ''}` : html`<span class="muted">–</span>`}</td></tr>`)}</tbody></table>`;
  const shifts = fp.shifts.length === 0
    ? html`<p class="muted">${w('Không có tỉnh nào thay đổi vượt mức dao động ngẫu nhiên so với cùng kỳ.', 'No province changed beyond chance against the same period last year.', 'Không có đơn vị nào thay đổi vượt mức dao động ngẫu nhiên.', 'No unit changed beyond chance.')}</p>`
    : html`<ul class="shifts">${fp.shifts.map((g) => html`<li><b>${g.name}</b>: ${g.items.map((s, k) => html`${k ? '; ' : ''}<a href="#ct-${s.indicator}">${s.name}</a> <span class="${s.worse === true ? 'bad' : s.worse === false ? 'good' : ''}">${s.text}</span>${s.marked ? html`<sup class="mark"><a href="#luu-y">*</a></sup>` : ''}`)}${g.more ? html` <span class="muted">${t(`và ${g.more} chỉ tiêu khác`, `and ${g.more} more`)}</span>` : ''}</li>`)}</ul>${fp.shiftsMore ? html`<p class="muted">${t(`Tổng cộng ${c.outliers.length} thay đổi bất thường — xem `, `${c.outliers.length} unusual changes in all — see `)}<a href="#${c.scope ? 'dat-chua-dat' : 'bat-thuong'}">${t('Biến động bất thường', 'Unusual changes')}</a>.</p>` : ''}`;
  const r = fp.reports;
  // Changes are judged against the same period last year, or the previous period where no figure of a year earlier exists (assemble.ts).
  const basisPeriod = c.provinces.some((p) => p.last_year_value !== null) ? ctx.last_year_period : ctx.prior_period;
  const reports = r && c.scope
    ? html`<p>${t('Đã gửi đủ báo cáo tháng', 'Sent every monthly report')}: <b>${num(r.received)}/${num(r.expected)}</b> ${t('đơn vị', 'units')}.${r.silentProvinces.length ? html` ${t('Còn thiếu', 'Missing')}: ${r.silentProvinces.join(', ')}${r.silentMore ? t(` và ${r.silentMore} đơn vị khác`, ` and ${r.silentMore} more`) : ''}.` : ''}${lateLine(r.late, lang, true)}</p>`
    : r
    ? html`<p>${t('Đã nhận', 'Received')} <b>${num(r.received)}/${num(r.expected)}</b> ${t('báo cáo tháng', 'monthly reports')} (${r.share})${r.missingUnits ? html`; <b>${num(r.missingUnits)}</b> ${t('đơn vị còn thiếu', 'units missing at least one')}` : ''}.${r.silentProvinces.length ? html` ${t('Chưa có báo cáo nào', 'No report at all')}: ${r.silentProvinces.join(', ')}${r.silentMore ? t(` và ${r.silentMore} tỉnh khác`, ` and ${r.silentMore} more`) : ''}.` : ''}${lateLine(r.late, lang, false)} <a href="#bao-cao-thieu">${t('Chi tiết', 'Details')}</a></p>`
    : html`<p class="muted">${t('Không có số liệu về tình hình gửi báo cáo.', 'No data on reports received.')}</p>`;
  const recon = c.reconciliation_checked
    ? c.disagreements.length
      ? html`<p><b class="bad">${num(c.disagreements.length)}</b> ${t('số liệu mà các báo cáo không khớp nhau', 'figures whose reports disagree')} — <a href="#khong-khop">${t('xem', 'see')}</a>.</p>`
      : html`<p>${t('Các báo cáo của kỳ khớp nhau.', "The period's reports agree.")}</p>`
    : '';
  const data = fp.data.length === 0
    ? html`${recon}<p>${t('Mọi số liệu đầy đủ và đã được rà soát.', 'All figures complete and reviewed.')}</p>`
    : html`${recon}<ul class="shifts">${fp.data.map((d) => html`<li>${caveatName(d.caveat, lang)}: <b>${num(d.count)}</b> ${w('số liệu tỉnh', 'province figures', 'số liệu đơn vị', 'unit figures')}</li>`)}</ul><p class="muted">${t('Dấu * đánh dấu thứ hạng và kết luận dựa trên các số liệu này.', 'An asterisk marks ranks and verdicts resting on these figures.')} <a href="#luu-y">${t('Chi tiết', 'Details')}</a></p>`;
  return html`<section id="trang-dau" class="first-page">
<div class="two">
<div><h2>${w('Tỉnh còn chậm', 'Provinces behind', 'Đơn vị còn chậm', 'Units behind')}</h2>
<p class="muted small">${w('Chưa đạt chỉ tiêu đề ra, hoặc kém toàn quốc vượt giới hạn kiểm soát 99,8 %.', 'Missed a target, or behind the country beyond 99.8 % control limits.', 'Chưa đạt chỉ tiêu đề ra, hoặc kém toàn tỉnh vượt giới hạn kiểm soát 99,8 %.', 'Missed a target, or behind the province beyond 99.8 % control limits.')}</p>
${behind}</div>
<div><h2>${t('Thay đổi đáng chú ý', 'Notable changes')}</h2>
<p class="muted small">${w(`So với ${periodName(basisPeriod, lang)}, vượt mức dao động ngẫu nhiên với quy mô của tỉnh.`, `Against ${periodName(basisPeriod, lang)}, beyond chance for the province's size.`, `So với ${periodName(basisPeriod, lang)}, vượt mức dao động ngẫu nhiên với quy mô của đơn vị.`, `Against ${periodName(basisPeriod, lang)}, beyond chance for the unit's size.`)}</p>
${shifts}
<h2>${t('Báo cáo', 'Reports')}</h2>${reports}
<h2>${t('Tình trạng số liệu', 'Data status')}</h2>
${input.closed ? '' : html`<p class="bad">${t(`Kỳ chưa khoá sổ (cuối kỳ + ${input.graceDays} ngày): số liệu có thể còn thay đổi.`, `Period not closed yet (end + ${input.graceDays} days): figures may change.`)}</p>`}
${data}</div>
</div>
<h2>${t('Các chỉ tiêu chính', 'Key indicators')}</h2>
${keys}
</section>`;
}

function provincesOf(c: Comparison, code: string): ProvinceRow[] {
  return c.provinces.filter((p) => p.indicator === code);
}

function attainmentSection(c: Comparison, lang: Lang): Html {
  const t = words(lang);
  const items = c.national.filter((n) => n.target_threshold !== null);
  const title = t('Đạt / chưa đạt chỉ tiêu đề ra', 'Targets met / missed');
  if (items.length === 0) {
    return html`<section id="dat-chua-dat"><h2>${title}</h2><p class="muted">${t('Kỳ này không có chỉ tiêu nào có chỉ tiêu đề ra và số liệu cấp tỉnh.', 'No indicator with a target has provincial figures this period.')}</p></section>`;
  }
  const evidence: Record<string, string> = lang === 'en'
    ? { verified: 'verified', inferred: 'inferred from official figures', unverified: 'unverified' }
    : { verified: 'đã kiểm chứng', inferred: 'suy ra từ số liệu chính thức', unverified: 'chưa kiểm chứng' };
  const blocks = items.map((n) => {
    const ind = indicatorByCode(n.indicator)!;
    const target = targetAt(ind, c.context.end) ?? null;
    const rows = provincesOf(c, n.indicator);
    const met = rows.filter((p) => p.met === true);
    const missed = rows.filter((p) => p.met === false).sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
    const list = (xs: ProvinceRow[], cls: string) =>
      xs.length === 0 ? html`<p class="muted">${t('Không có tỉnh nào.', 'None.')}</p>` : html`<ul class="${cls}">${xs.map((p) => html`<li>${p.unit_name}: <b>${fmtValue(p.value, ind.unit, lang)}</b>${mark(p, lang)}</li>`)}</ul>`;
    const src = sourceText(target?.source, lang);
    return html`
<h3 id="ct-${n.indicator}">${indicatorName(ind, lang)}</h3>
<p>${t('Chỉ tiêu đề ra', 'Target')}: <b>${targetText(n, ind, lang)}</b>
  <span class="tag">${evidence[n.target_evidence ?? ''] ?? n.target_evidence}</span>
  ${src ? html`<span class="muted"> — ${src}</span>` : ''}</p>
<p>${t('Toàn quốc', 'National')}: <b>${fmtValue(n.value, ind.unit, lang)}</b> — ${verdict(n.met, lang)}; ${t('so với cùng kỳ', 'against the same period last year')} ${change(ind.kind, n.change_last_year, n.change_last_year_pct, lang)}.</p>
<div class="verdicts">
  <div><b class="missed">${t('Chưa đạt', 'Missed')} (${num(missed.length)})</b>${list(missed, 'cols')}</div>
  <div><b class="met">${t('Đạt', 'Met')} (${num(met.length)})</b>${list(met, 'cols compact')}</div>
</div>
<figure>${rankingChart({ indicator: ind, rows, national: n.value, target, lang })}
<figcaption>${t(
      `${ind.name_vi}: các tỉnh theo thứ hạng; xanh = đạt, đỏ = chưa đạt; vạch xám = khoảng tin cậy 95 %; nét đứt = toàn quốc, vạch đỏ = chỉ tiêu đề ra.`,
      `${ind.name_en}: provinces by rank; green = met, red = missed; grey bar = 95 % interval; dashed = national, red line = target.`,
    )}</figcaption></figure>`;
  });
  return html`<section id="dat-chua-dat"><h2>${title}</h2>
<p class="muted">${t(
    `Giá trị của từng tỉnh (tổng các đơn vị trong tỉnh; tỷ lệ tính lại từ tổng tử số và tổng mẫu số) so với chỉ tiêu đề ra có hiệu lực tại ngày cuối kỳ (${date(c.context.end)}).`,
    `Each province's value (sum of its units; rates recomputed from summed numerators and denominators) against the target in force on the last day of the period (${date(c.context.end)}).`,
  )}</p>
${blocks}</section>`;
}

/** The indicator a work area's chart shows: its first rate, else its first directional count. */
function keyIndicator(rows: NationalRow[]): NationalRow | undefined {
  return rows.find((n) => n.kind === 'rate' && n.value !== null) ?? rows.find((n) => n.direction !== 'neutral') ?? rows[0];
}

function areaSection(c: Comparison, area: { code: string; name_vi: string; name_en: string }, rows: NationalRow[], lang: Lang): Html {
  const t = words(lang);
  const tableRows = rows.map((n) => {
    const ind = indicatorByCode(n.indicator)!;
    const prov = provincesOf(c, n.indicator).filter((p) => p.rank !== null);
    const first = prov[0];
    const last = prov.length > 1 ? prov[prov.length - 1] : undefined;
    const who = (p: ProvinceRow) => html`${p.unit_name} <span class="muted">${fmtValue(p.value, ind.unit, lang)}</span>${mark(p, lang)}`;
    return html`<tr${n.target_threshold === null ? html` id="ct-${n.indicator}"` : ''}>
<td>${indicatorName(ind, lang)}${n.target_threshold !== null ? html`<span class="tag">${t('chỉ tiêu', 'target')} ${targetText(n, ind, lang)}</span>` : ''}${n.flag === 'percent_only' ? html`<span class="tag">${t('chỉ có tỷ lệ %', 'percent only')}</span>` : ''}</td>
<td class="n"><b>${fmtValue(n.value, ind.unit, lang)}</b></td>
${changeCell(ind, n.change_prior, n.change_prior_pct, lang)}
${changeCell(ind, n.change_last_year, n.change_last_year_pct, lang)}
<td>${first ? who(first) : '–'}</td>
<td>${last ? who(last) : '–'}</td>
<td class="n">${num(n.provinces_reporting)}</td></tr>`;
  });
  const key = keyIndicator(rows);
  const figures: Html[] = [];
  if (key) {
    const ind = indicatorByCode(key.indicator)!;
    const prov = provincesOf(c, key.indicator);
    // Indicators with a target are already charted (coloured by verdict) in the targets section.
    if (key.target_threshold === null) {
      figures.push(html`<figure>${rankingChart({ indicator: ind, rows: prov, national: key.value, target: null, lang })}
<figcaption>${indicatorName(ind, lang)}: ${t('các tỉnh theo thứ hạng', 'provinces by rank')}${ind.direction === 'neutral' ? t(' (từ cao xuống thấp)', ' (highest first)') : t(' (tốt nhất ở trên)', ' (best at the top)')}${ind.kind === 'rate' ? t('; vạch xám = khoảng tin cậy 95 %; nét đứt = toàn quốc', '; grey bar = 95 % interval; dashed = national') : ''}.</figcaption></figure>`);
    }
    const ch = changeChart({ indicator: ind, rows: prov, lang });
    if (ch) {
      figures.push(html`<figure>${ch}<figcaption>${indicatorName(ind, lang)}: ${t(`thay đổi so với ${periodName(c.context.last_year_period, lang)}`, `change against ${periodName(c.context.last_year_period, lang)}`)} (${ind.kind === 'rate' ? t('điểm %', 'pts') : '%'}); ${t('xanh = tốt lên, đỏ = xấu đi; viền đen = bất thường.', 'green = better, red = worse; black outline = unusual.')}</figcaption></figure>`);
    }
  }
  return html`<section id="lv-${area.code}"><h2>${lang === 'en' ? area.name_en : area.name_vi}</h2>
<table><thead><tr><th>${t('Chỉ tiêu', 'Indicator')}</th><th class="n">${t('Toàn quốc', 'National')}</th><th class="n">${t('So với kỳ trước', 'vs previous')}</th><th class="n">${t('So với cùng kỳ', 'vs last year')}</th><th>${t('Dẫn đầu', 'Top')}</th><th>${t('Cuối bảng', 'Bottom')}</th><th class="n">${t('Số tỉnh', 'Provinces')}</th></tr></thead>
<tbody>${tableRows}</tbody></table>
${figures}</section>`;
}

function moverList(c: Comparison, xs: MoverRow[], ind: Indicator, lang: Lang): Html {
  if (xs.length === 0) return html`<span class="muted">–</span>`;
  const row = (m: MoverRow) => c.provinces.find((p) => p.indicator === m.indicator && p.unit_id === m.unit_id);
  return html`${xs.map((m, i) => html`${i ? '; ' : ''}${m.unit_name}${mark(row(m) ?? { caveats: null }, lang)} <b>${ind.kind === 'rate' ? change('rate', m.change, null, lang) : change('flow_count', m.value !== null && m.base_value !== null ? m.value - m.base_value : null, m.change, lang)}</b>`)}`;
}

function moversSection(c: Comparison, lang: Lang): Html {
  const t = words(lang);
  const shown = c.national.filter((n) => n.kind === 'rate' || n.direction !== 'neutral');
  const rows = shown
    .map((n) => {
      const ind = indicatorByCode(n.indicator)!;
      const ms = c.movers.filter((m) => m.indicator === n.indicator);
      if (ms.length === 0) return null;
      const neutral = ind.direction === 'neutral';
      const a = ms.filter((m) => m.movement === (neutral ? 'up' : 'improved'));
      const b = ms.filter((m) => m.movement === (neutral ? 'down' : 'worsened'));
      return html`<tr><td>${indicatorName(ind, lang)}</td><td>${moverList(c, a, ind, lang)}</td><td>${moverList(c, b, ind, lang)}</td></tr>`;
    })
    .filter((x): x is Html => x !== null);
  const basis = c.movers[0]?.basis === 'prior' ? periodName(c.context.prior_period, lang) : periodName(c.context.last_year_period, lang);
  return html`<section id="bien-dong"><h2>${t('Biến động lớn nhất', 'Biggest movers')}</h2>
<p class="muted">${t(
    `So với ${basis}: tỷ lệ tính bằng điểm phần trăm, số đếm bằng phần trăm thay đổi; chỉ những thay đổi vượt mức dao động ngẫu nhiên với quy mô của tỉnh; tối đa 3 tỉnh mỗi chiều.`,
    `Against ${basis}: rates in percentage points, counts in percent; only changes beyond chance for the province's size; at most 3 provinces each way.`,
  )}</p>
${rows.length ? html`<table><thead><tr><th>${t('Chỉ tiêu', 'Indicator')}</th><th>${t('Tốt lên nhiều nhất (hoặc tăng)', 'Improved most (or rose)')}</th><th>${t('Xấu đi nhiều nhất (hoặc giảm)', 'Worsened most (or fell)')}</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">${t('Không có thay đổi nào vượt mức dao động ngẫu nhiên.', 'No change beyond chance.')}</p>`}
</section>`;
}

function outliersSection(c: Comparison, lang: Lang): Html {
  const t = words(lang);
  const body = c.outliers.length === 0
    ? html`<p>${t('Không có tỉnh nào có mức thay đổi vượt ra ngoài giới hạn kiểm soát 99,8 %.', 'No province changed beyond the 99.8 % control limits.')}</p>`
    : html`<table><thead><tr><th>${t('Chỉ tiêu', 'Indicator')}</th><th>${t('Tỉnh', 'Province')}</th><th class="n">${t('Cùng kỳ năm trước', 'Same period last year')}</th><th class="n">${t('Kỳ này', 'This period')}</th><th class="n">${t('Thay đổi', 'Change')}</th><th class="n">${t('Độ lệch chuẩn hoá', 'Standardized')}</th></tr></thead><tbody>${[...c.outliers]
        .sort((x, y) => Math.abs(y.z) - Math.abs(x.z))
        .map((o) => {
          const ind = indicatorByCode(o.indicator)!;
          return html`<tr><td>${indicatorName(ind, lang)}</td><td>${o.unit_name}${mark(o, lang)}</td><td class="n">${fmtValue(o.base_value, ind.unit, lang)}</td><td class="n">${fmtValue(o.value, ind.unit, lang)}</td>
<td class="n">${ind.kind === 'rate' ? pp(o.change, 1, lang) : relPct(o.change)}</td><td class="n">${signedNum(o.z, 1)}</td></tr>`;
        })}</tbody></table>`;
  return html`<section id="bat-thuong"><h2>${t('Biến động bất thường', 'Unusual changes')}</h2>
<p class="muted">${t(
    'Một thay đổi so với cùng kỳ chỉ được coi là bất thường khi nó vượt ra ngoài giới hạn kiểm soát 99,8 % của mức dao động ngẫu nhiên đối với một tỉnh có quy mô như vậy (xem Cách tính): tỉnh ít vụ việc thì giới hạn rộng, tỉnh nhiều vụ việc thì giới hạn hẹp.',
    'A change against the same period last year counts as unusual only outside the 99.8 % control limits of chance for a province of that size (see Method): wide for provinces with few cases, narrow for those with many.',
  )}</p>
${body}</section>`;
}

function missingSection(c: Comparison, lang: Lang): Html {
  const t = words(lang);
  const comp = c.completeness;
  const title = t('Báo cáo còn thiếu', 'Missing reports');
  if (!comp) return html`<section id="bao-cao-thieu"><h2>${title}</h2><p class="muted">${t('Không có số liệu về tình hình gửi báo cáo cho kỳ này.', 'No data on reports received for this period.')}</p></section>`;
  const byProvince = new Map<string, { name: string; units: { id: string; name: string }[] }>();
  for (const m of c.missing) {
    const k = m.province_id || '?';
    let g = byProvince.get(k);
    if (!g) byProvince.set(k, (g = { name: m.province_name || k, units: [] }));
    g.units.push({ id: m.unit_id, name: m.unit_name });
  }
  const reporting = new Set(c.provinces.map((p) => p.unit_id));
  // Provinces with no report at all are one line; partial ones get a row each.
  const silent = [...byProvince.entries()].filter(([id]) => !reporting.has(id));
  const partial = [...byProvince.entries()].filter(([id]) => reporting.has(id));
  const rows = partial.map(([, g]) => {
    const shown = g.units.slice(0, MISSING_UNITS_SHOWN);
    return html`<tr><td>${g.name}</td><td class="n">${num(g.units.length)}</td><td>${shown.map((u, i) => html`${i ? ', ' : ''}${u.name}`)}${g.units.length > shown.length ? html` <span class="muted">${t(`và ${num(g.units.length - shown.length)} đơn vị khác`, `and ${num(g.units.length - shown.length)} more`)}</span>` : ''}</td></tr>`;
  });
  return html`<section id="bao-cao-thieu"><h2>${title}</h2>
<p>${t('Đã nhận', 'Received')} <b>${num(comp.received)}</b> ${t('trong số', 'of')} <b>${num(comp.expected)}</b> ${t('báo cáo tháng phải gửi', 'monthly reports due')} (${comp.expected > 0 ? fmtValue((100 * comp.received) / comp.expected, 'percent') : '–'}); <b>${num(comp.missing_count)}</b> ${t('đơn vị còn thiếu ít nhất một báo cáo tháng của kỳ.', 'units miss at least one monthly report of the period.')}</p>
${partial.length ? html`<table><thead><tr><th>${t('Tỉnh, thành phố', 'Province')}</th><th class="n">${t('Số đơn vị thiếu', 'Units missing')}</th><th>${t('Đơn vị chưa gửi', 'Units')}</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
${silent.length ? html`<p><b>${num(silent.length)}</b> ${t('tỉnh, thành phố chưa có báo cáo nào của kỳ', 'provinces sent no report for the period')} (${t('toàn bộ', 'all')} ${num(silent.reduce((a, [, g]) => a + g.units.length, 0))} ${t('đơn vị', 'units')}): ${silent.map(([, g], i) => html`${i ? ', ' : ''}${g.name}`)}.</p>` : ''}
${c.missing.length === 0 ? html`<p class="met">${t('Tất cả đơn vị đã gửi đủ báo cáo.', 'Every unit has reported.')}</p>` : ''}
${lateSection(c, lang)}
</section>`;
}

/** Reports sent after their due day, by province: how many, and which units (with the months and days late). */
function lateSection(c: Comparison, lang: Lang): Html | '' {
  if (!c.late_checked) return '';
  const t = words(lang);
  const head = html`<h3 id="gui-muon">${t('Báo cáo gửi muộn', 'Late reports')}</h3>
<p class="muted">${t(`Báo cáo tháng phải gửi chậm nhất ${reportDueDays()} ngày sau ngày cuối tháng (giờ Việt Nam); tính theo lần gửi đầu tiên, bản sửa đổi gửi sau không làm báo cáo thành muộn.`, `A monthly report is due at the latest ${reportDueDays()} days after the month's last day (Vietnam time); the first submission counts, a later revision does not make a report late.`)}</p>`;
  if (c.late.length === 0) return html`${head}<p class="met">${t('Không có báo cáo nào gửi muộn.', 'No report was late.')}</p>`;
  const byProvince = new Map<string, { name: string; rows: typeof c.late }>();
  for (const l of c.late) {
    let g = byProvince.get(l.province_id);
    if (!g) byProvince.set(l.province_id, (g = { name: l.province_name || l.province_id, rows: [] }));
    g.rows.push(l);
  }
  return html`${head}<table><thead><tr><th>${t('Tỉnh, thành phố', 'Province')}</th><th class="n">${t('Số báo cáo', 'Reports')}</th><th>${t('Đơn vị (tháng: số ngày muộn)', 'Units (month: days late)')}</th></tr></thead><tbody>${[...byProvince.values()].map((g) => html`<tr><td>${g.name}</td><td class="n">${num(g.rows.length)}</td><td>${g.rows.slice(0, MISSING_UNITS_SHOWN).map((l, i) => html`${i ? '; ' : ''}${l.unit_name} (${periodName(l.month, lang)}: ${num(l.days_late)} ${t('ngày', l.days_late === 1 ? 'day' : 'days')})`)}${g.rows.length > MISSING_UNITS_SHOWN ? html` <span class="muted">${t(`và ${num(g.rows.length - MISSING_UNITS_SHOWN)} báo cáo khác`, `and ${num(g.rows.length - MISSING_UNITS_SHOWN)} more`)}</span>` : ''}</td></tr>`)}</tbody></table>`;
}

function disagreementsSection(c: Comparison, lang: Lang): Html | '' {
  if (!c.reconciliation_checked) return '';
  const t = words(lang);
  return html`<section id="khong-khop"><h2>${t('Số liệu không khớp', 'Figures that disagree')}</h2>
<p class="muted">${t(
    'Báo cáo kỳ (quý, 6 tháng, 9 tháng, năm) của một đơn vị so với cộng dồn các báo cáo tháng của đơn vị; báo cáo hai cấp của tỉnh so với tổng các đơn vị. Các số liệu lệch lớn nhất trước; thứ hạng và kết luận của tỉnh có số liệu lệch được đánh dấu *.',
    "A unit's period report (quarter, 6 or 9 months, year) against the sum of its monthly reports; a province's two-level report against the sum of its units. Largest first; the province's ranks and verdicts on these figures are marked *.",
  )}</p>
${c.disagreements.length === 0 ? html`<p>${t('Không có số liệu nào lệch.', 'No figure disagrees.')}</p>` : html`<table><thead><tr><th>${t('Tỉnh', 'Province')}</th><th>${t('Đơn vị', 'Unit')}</th><th>${t('Chỉ tiêu', 'Indicator')}</th><th class="n">${t('Báo cáo', 'Reported')}</th><th class="n">${t('Cộng dồn', 'Summed')}</th><th class="n">${t('Chênh lệch', 'Difference')}</th></tr></thead><tbody>${c.disagreements.map((d) => {
    const ind = indicatorByCode(d.indicator);
    const unit = ind?.unit ?? 'count';
    return html`<tr><td>${d.province_name}</td><td>${d.unit_name}</td><td>${ind ? indicatorName(ind, lang) : d.indicator}</td><td class="n">${fmtValue(d.reported_value, unit, lang)}</td><td class="n">${fmtValue(d.rolled_up_value, unit, lang)}</td><td class="n">${ind?.kind === 'rate' ? pp(d.difference, 1, lang) : signedNum(d.difference, 0)}</td></tr>`;
  })}</tbody></table>`}
</section>`;
}

function caveatsSection(c: Comparison, lang: Lang): Html {
  const t = words(lang);
  const marked = c.provinces.filter((p) => p.caveats);
  const groups = CAVEATS.map((cv) => ({ cv, rows: marked.filter((p) => caveatsOf(p).includes(cv)) })).filter((g) => g.rows.length > 0);
  const shownPerGroup = 20;
  return html`<section id="luu-y"><h2>${t('Lưu ý về số liệu', 'Data caveats')}</h2>
<p class="muted">${t(
    'Thứ hạng và kết luận dựa trên các số liệu dưới đây được đánh dấu * trong bản tin. Thứ hạng ghi kèm khoảng (ví dụ 5 (3–9)) khi khoảng tin cậy 95 % của các tỉnh chồng lên nhau: thứ tự trong khoảng đó có thể do ngẫu nhiên.',
    'Ranks and verdicts resting on the figures below are marked * in this digest. A rank carries a range (e.g. 5 (3–9)) where the provinces\' 95 % intervals overlap: the order within it may be chance.',
  )}</p>
${groups.length === 0 ? html`<p>${t('Không có lưu ý nào.', 'None.')}</p>` : groups.map((g) => html`<h3>${caveatName(g.cv, lang)} (${num(g.rows.length)})</h3>
<ul class="cols compact">${g.rows.slice(0, shownPerGroup).map((p) => {
    const ind = indicatorByCode(p.indicator);
    return html`<li>${p.unit_name} — ${ind ? indicatorName(ind, lang) : p.indicator}: <b>${ind ? fmtValue(p.value, ind.unit, lang) : num(p.value)}</b>${p.rank !== null ? html` <span class="muted">(${t('hạng', 'rank')} ${rankText(p)})</span>` : ''}</li>`;
  })}</ul>${g.rows.length > shownPerGroup ? html`<p class="muted">${t(`và ${num(g.rows.length - shownPerGroup)} số liệu khác (bảng provinces kèm theo, cột caveats).`, `and ${num(g.rows.length - shownPerGroup)} more (the accompanying provinces table, column caveats).`)}</p>` : ''}`)}
</section>`;
}

export function methodSection(c: Comparison, input: DigestInput, lang: Lang): Html {
  const t = words(lang);
  return html`<section id="phuong-phap"><h2>${t('Cách tính', 'Method')}</h2><ul>
${methodText({ geography: c.geography, graceDays: input.graceDays, asOf: c.as_of, late: c.late_checked }, lang).map((li) => html`<li>${li}</li>`)}
</ul></section>`;
}

/** The page around a briefing's body: head (CSP: the page makes no request), header with the moment, footer. */
export function pageShell(input: DigestInput, title: string, body: Html): string {
  const lang: Lang = input.lang ?? 'vi';
  const t = words(lang);
  const c = input.comparison;
  const synthetic = c.synthetic
    ? html`<div class="synthetic" role="note">${t('DỮ LIỆU MÔ PHỎNG — các số liệu trong bản tin này được sinh tự động để trình diễn, không phải số liệu thật của Viện kiểm sát nhân dân.', 'SYNTHETIC DATA — the figures in this briefing were generated for demonstration; they are not real figures of the People\'s Procuracy.')}</div>`
    : '';
  const geography = c.geography === 'as_2025'
    ? html`<div class="note">${t('Theo địa giới 34 tỉnh, thành phố từ 01/07/2025; số liệu kỳ trước và cùng kỳ năm trước của các tỉnh đã hợp nhất được cộng lại theo tỉnh mới.', 'In the 34 provinces in force from 1 July 2025; earlier figures of merged provinces are added up by new province.')}</div>`
    : '';
  const page = html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="chitieu compare">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${title}${c.synthetic ? t(' (dữ liệu mô phỏng)', ' (synthetic data)') : ''}</title>
<style>${/* our own constant: escaping it would break the quoted font names */ trusted(DIGEST_CSS)}</style></head>
<body><main>
<header class="top"><div class="org">${t('Viện kiểm sát nhân dân · Bản tin trước giao ban', "People's Procuracy · Briefing before the meeting")}</div>
<h1>${title}</h1>
<p class="sub">${briefingSubtitle(c, input.generatedAt, lang)}</p>
${c.as_of ? html`<p class="as-of"><b>${asOfText(c, lang)}</b> <span class="muted">${t('(báo cáo và bản sửa đổi nhận sau thời điểm này không được tính)', '(reports and revisions received after this moment are not counted)')}</span></p>` : ''}
${synthetic}${geography}
</header>
${body}
<footer>${t('Lần chạy', 'Run')} ${input.runId} · ${c.as_of ? `${reproduceText(c, lang)} · ` : ''}${c.synthetic ? t('dữ liệu mô phỏng · ', 'synthetic data · ') : ''}${t('bảng số liệu đầy đủ kèm theo (Parquet và JSON).', 'full tables attached (Parquet and JSON).')}</footer>
</main></body></html>
`;
  return page.value;
}

export function renderDigest(input: DigestInput): string {
  const lang: Lang = input.lang ?? 'vi';
  const t = words(lang);
  const c = input.comparison;
  const fp = firstPage(c, lang);
  const areas = workAreas()
    .map((a) => ({ area: a, rows: c.national.filter((n) => n.work_area === a.code) }))
    .filter((x) => x.rows.length > 0);
  const toc = [
    ['trang-dau', t('Trang đầu', 'First page')], ['dat-chua-dat', t('Đạt / chưa đạt chỉ tiêu đề ra', 'Targets met / missed')],
    ...areas.map((a) => [`lv-${a.area.code}`, lang === 'en' ? a.area.name_en : a.area.name_vi]),
    ['bien-dong', t('Biến động lớn nhất', 'Biggest movers')], ['bat-thuong', t('Biến động bất thường', 'Unusual changes')],
    ['bao-cao-thieu', c.late_checked ? t('Báo cáo còn thiếu, gửi muộn', 'Missing and late reports') : t('Báo cáo còn thiếu', 'Missing reports')],
    ...(c.reconciliation_checked ? [['khong-khop', t('Số liệu không khớp', 'Figures that disagree')]] : []),
    ['luu-y', t('Lưu ý về số liệu', 'Data caveats')], ['phuong-phap', t('Cách tính', 'Method')],
  ];
  return pageShell(input, briefingTitle(c, lang), html`${leaderPage(c, fp, input, lang)}
<nav class="toc" aria-label="${t('Mục lục', 'Contents')}"><b>${t('Chi tiết', 'Details')}</b><ol>${toc.slice(1).map(([id, name]) => html`<li><a href="#${id}">${name}</a></li>`)}</ol></nav>
${attainmentSection(c, lang)}
${areas.map((a) => areaSection(c, a.area, a.rows, lang))}
${moversSection(c, lang)}
${outliersSection(c, lang)}
${missingSection(c, lang)}
${disagreementsSection(c, lang)}
${caveatsSection(c, lang)}
${methodSection(c, input, lang)}`);
}
